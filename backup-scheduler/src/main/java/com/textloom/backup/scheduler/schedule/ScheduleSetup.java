package com.textloom.backup.scheduler.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Produces the {@link ScheduleCatalog} from the configuration (environment variables, {@code .env.backup},
 * {@code application.properties}) and the one {@link ScheduleHistory} of this process. A bad schedule variable
 * stops start-up with a {@link ScheduleConfigException} naming it.
 */
@ApplicationScoped
public class ScheduleSetup {

    @Produces
    @Singleton
    ScheduleCatalog catalog() {
        Config config = ConfigProvider.getConfig();
        return ScheduleCatalog.fromVariables(name -> config.getOptionalValue(name, String.class));
    }

    @Produces
    @Singleton
    ScheduleHistory history() {
        return new ScheduleHistory();
    }
}
