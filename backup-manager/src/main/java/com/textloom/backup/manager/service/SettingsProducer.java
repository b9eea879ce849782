package com.textloom.backup.manager.service;

import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.support.config.SuiteLookup;
import io.quarkus.runtime.ExecutionMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Makes {@link ManagerSettings} from the configuration (environment, {@code .env.backup}, application
 * properties): the values set there; the defaults are the catalogue's, applied by {@link ManagerSettings#read}.
 *
 * <p><b>Only at run time.</b> While Quarkus initialises statically (in a packaged application: the JAX-RS
 * filters and other beans RESTEasy creates before {@code main} runs), the configuration does not yet hold
 * {@code .env.backup}: settings read then would silently ignore the file. So reading them during static
 * initialisation fails loudly; a bean needed that early must inject {@code Provider<ManagerSettings>}
 * and resolve it when it serves a request.
 */
@ApplicationScoped
public class SettingsProducer {

    @Produces
    @Singleton
    ManagerSettings settings() {
        if (ExecutionMode.current() == ExecutionMode.STATIC_INIT) {
            throw new IllegalStateException("ManagerSettings read during static initialisation, before .env.backup"
                    + " is part of the configuration: inject Provider<ManagerSettings> and resolve it later");
        }
        // what is set; ManagerSettings applies the catalogue's defaults itself, and hands only set values on
        return ManagerSettings.read(SuiteLookup.of(ConfigProvider.getConfig()));
    }
}
