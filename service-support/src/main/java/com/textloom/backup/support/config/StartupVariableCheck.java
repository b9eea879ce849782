package com.textloom.backup.support.config;

import com.textloom.backup.config.UnknownVariables;
import com.textloom.backup.config.Variable;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.EnvConfigSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * At start-up: reads every catalogued variable once, so that a bad value stops the service even when no
 * configuration mapping of this service reads that variable (all problems reported together, one per line, each
 * naming its variable); and warns about every name of the suite's form ({@code BACKUP_*}, {@code MINIO_*},
 * {@code OBS_*}, {@code TEXTLOOM_*}) that is set (environment, {@code .env.backup} ...) but in no catalogue, naming
 * the closest known name, so a typo is not silently ignored. Values are never logged.
 */
@ApplicationScoped
public class StartupVariableCheck {

    private static final Logger LOG = Logger.getLogger(StartupVariableCheck.class);

    void onStart(@Observes StartupEvent event, Config config) {
        List<String> problems = new ArrayList<>();
        Collection<Variable> catalogued = VariableCheck.loadCatalogs();
        catalogued.stream().sorted(Comparator.comparing(Variable::name)).forEach(variable -> {
            try {
                config.getConfigValue(variable.name());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Bad configuration:\n  " + String.join("\n  ", problems));
        }
        unknownVariables(config, catalogued).forEach(LOG::warn);
    }

    /**
     * One warning per name of the suite's form that {@code config}'s sources set but no catalogue lists, nor is the
     * environment form of a property configured elsewhere ({@code TEXTLOOM_STATUS_COMMON_RESOURCE_ENABLED} for
     * {@code textloom.status.common-resource.enabled}): {@code BACKUP_DAILY_RETENTON_DAYS (set in
     * /srv/.env.backup) is not a variable of the suite and is ignored; did you mean BACKUP_DAILY_RETENTION_DAYS?}
     */
    public static List<String> unknownVariables(Config config, Collection<Variable> catalogued) {
        Set<String> known = new HashSet<>(UnknownVariables.knownNames(catalogued));
        Map<String, String> setIn = new LinkedHashMap<>();
        for (ConfigSource source : config.getConfigSources()) {
            if (source.getOrdinal() == VariableDefaults.ORDINAL) {
                continue;
            }
            for (String name : source.getPropertyNames()) {
                if (UnknownVariables.SUITE_NAME.matcher(name).matches()) {
                    setIn.putIfAbsent(name, describe(source));
                } else if (!(source instanceof EnvConfigSource) && !name.startsWith("%")) {
                    // a property configured elsewhere may be set in its environment form too; environment
                    // sources list a dotted form of each of their own names, which says nothing
                    known.add(Variable.environmentName(name));
                }
            }
        }
        return UnknownVariables.find(setIn.keySet(), known).stream()
                .map(u -> u.message(setIn.get(u.name())))
                .toList();
    }

    private static String describe(ConfigSource source) {
        if (source.getOrdinal() == EnvFileConfigSourceProvider.ORDINAL) {
            return EnvFileConfigSourceProvider.location().toString();
        }
        return source.getOrdinal() == 300 && source.getName().contains("EnvConfigSource")
                ? "the environment"
                : source.getName();
    }
}
