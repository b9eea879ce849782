package com.textloom.backup.support.config;

import com.textloom.backup.config.StorageEndpoint;
import com.textloom.backup.config.SuiteVariables;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * The suite's variables as a lookup by variable name over a service's configuration, for what suite-config reads
 * from a lookup: settings records ({@code ManagerSettings.read(lookup)}, {@code AssessSettings}) built with
 * {@link SuiteVariables#value}, and the remote stores ({@link StorageEndpoint}, the one reading of
 * {@code MINIO_*} / {@code OBS_*} for the manager, the monitor, disaster recovery and the command line).
 *
 * <p>A value comes from the configuration, so the environment wins over {@code .env.backup}, which wins over
 * {@code application.properties}, and it has passed its rule ({@link VariableCheck}). Only values somebody set:
 * the catalogue's defaults ({@link VariableDefaults}) are left out, since suite-config's readers apply the same
 * defaults themselves and the repository library applies its own to what is not set.
 */
public final class SuiteLookup {

    private SuiteLookup() {}

    /** {@code name}'s value as set in {@code config} (stripped), or {@code null} when not set, blank or only defaulted. */
    public static Function<String, String> of(Config config) {
        return name -> {
            ConfigValue value = config.getConfigValue(name);
            if (value == null
                    || VariableDefaults.isDefault(value)
                    || value.getValue() == null
                    || value.getValue().isBlank()) {
                return null;
            }
            return value.getValue().strip();
        };
    }

    /** The remote stores the variables of {@code config} configure: MinIO, then OBS ({@link StorageEndpoint#configured}). */
    public static List<StorageEndpoint> stores(Config config) {
        return StorageEndpoint.configured(of(config));
    }
}
