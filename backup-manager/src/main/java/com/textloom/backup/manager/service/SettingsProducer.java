package com.textloom.backup.manager.service;

import com.textloom.backup.manager.config.ManagerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Makes {@link ManagerSettings} from the configuration (environment, .env, application properties).
 *
 * <p>Read anew for every bean that injects them ({@code @Dependent}), from the configuration current at
 * that moment: a bean made while the application is statically initialised (a JAX-RS filter) sees the
 * static-init configuration, which lacks values only known at run time (in tests, those of test
 * resources); a shared instance made then would hand those gaps to every other bean.
 */
@ApplicationScoped
public class SettingsProducer {

    @Produces
    @Dependent
    ManagerSettings settings() {
        Config config = ConfigProvider.getConfig();
        return ManagerSettings.read(name -> config.getOptionalValue(name, String.class).orElse(null));
    }
}
