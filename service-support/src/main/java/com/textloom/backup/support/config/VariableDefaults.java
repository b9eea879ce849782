package com.textloom.backup.support.config;

import com.textloom.backup.config.Variable;
import com.textloom.backup.config.VariableCatalog;
import io.smallrye.config.EnvConfigSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;

/**
 * The defaults of every catalogued variable ({@link VariableCatalog}, suite-config's {@code SuiteVariables}) as a
 * configuration source, so a {@code @ConfigMapping} needs no {@code @WithDefault} and {@code application.properties}
 * no {@code ${VARIABLE:default}}: the catalogue is the one place a default is written. Looked up like environment
 * variables ({@code BACKUP_DAILY_RETENTION_DAYS} answers {@code backup.daily-retention-days}), with ordinal
 * {@value #ORDINAL}: under everything a user or a service sets (the environment 300, {@code .env.backup} 295,
 * {@code application.properties} 250). A variable whose default is empty ("not set") is not listed.
 */
public class VariableDefaults implements ConfigSourceProvider {

    /** Under application.properties (250) and META-INF/microprofile-config.properties (100). */
    public static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ClassLoader forClassLoader) {
        return List.of(source(VariableCheck.loadCatalogs()));
    }

    /** The defaults of {@code variables} as a source. */
    public static ConfigSource source(Collection<Variable> variables) {
        Map<String, String> defaults = new HashMap<>();
        for (Variable v : variables) {
            if (!v.defaultValue().isEmpty()) {
                defaults.put(v.name(), v.defaultValue());
            }
        }
        return new DefaultsSource(defaults);
    }

    /** Whether {@code value} is a catalogue default, not a value anybody set. */
    public static boolean isDefault(org.eclipse.microprofile.config.ConfigValue value) {
        return value != null && value.getValue() != null && value.getSourceOrdinal() == ORDINAL;
    }

    /**
     * The defaults, looked up like environment variables. Keeps the name {@code EnvConfigSource}, as the
     * {@code .env.backup} source does, so that SmallRye does not report the whole suite's names as "not mapped".
     * Answers lookups but lists no names: code that collects properties by listing names (Quarkus' Kafka
     * configuration takes every {@code kafka*} name, {@code KAFKA_BOOTSTRAP_SERVERS} included, and reads it by that
     * name) would otherwise take a default for a property set under its other name ({@code kafka.bootstrap.servers}).
     */
    static final class DefaultsSource extends EnvConfigSource {

        @Override
        public Set<String> getPropertyNames() {
            return Set.of();
        }

        DefaultsSource(Map<String, String> defaults) {
            super(defaults, VariableDefaults.ORDINAL);
        }

        @Override
        public int getOrdinal() {
            return VariableDefaults.ORDINAL;
        }
    }
}
