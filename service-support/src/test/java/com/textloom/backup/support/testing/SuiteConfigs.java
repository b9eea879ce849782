package com.textloom.backup.support.testing;

import com.textloom.backup.support.config.VariableCheck;
import com.textloom.backup.support.config.VariableDefaults;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/**
 * The services' configuration without booting one, for unit tests of a {@code @ConfigMapping}: {@code environment}
 * as the environment, the catalogue's defaults ({@link VariableDefaults}) and the variable check
 * ({@link VariableCheck}), as in a running service (no {@code .env.backup}, no application.properties).
 */
public final class SuiteConfigs {

    private SuiteConfigs() {}

    /** A configuration with {@code mappings} over {@code environment}. */
    public static SmallRyeConfig of(Map<String, String> environment, Class<?>... mappings) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new EnvConfigSource(environment, 300))
                .withSources(VariableDefaults.source(VariableCheck.loadCatalogs()))
                .withInterceptors(new VariableCheck());
        for (Class<?> mapping : mappings) {
            builder.withMapping(mapping);
        }
        return builder.build();
    }
}
