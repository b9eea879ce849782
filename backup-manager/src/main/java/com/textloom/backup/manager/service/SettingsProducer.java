package com.textloom.backup.manager.service;

import com.textloom.backup.manager.config.ManagerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Makes {@link ManagerSettings} from the configuration (environment, .env, application properties). */
@ApplicationScoped
public class SettingsProducer {

    @Produces
    @Singleton
    ManagerSettings settings() {
        Config config = ConfigProvider.getConfig();
        return ManagerSettings.read(name -> config.getOptionalValue(name, String.class).orElse(null));
    }
}
