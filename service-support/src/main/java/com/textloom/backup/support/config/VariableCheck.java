package com.textloom.backup.support.config;

import com.textloom.backup.config.Variable;
import com.textloom.backup.config.VariableCatalog;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Checks every value of a catalogued environment variable as configuration reads it, before it is
 * converted, so that a bad value stops start-up with a message naming the <em>variable</em> and the
 * problem — {@code BACKUP_DAILY_RETENTION_DAYS=abc: not a whole number (from EnvConfigSource)} —
 * instead of the mapped property name. Secrets are shown as {@code <hidden>}.
 *
 * <p>It sits just inside the expression interceptor (priority {@code LIBRARY + 250}), so a value such
 * as {@code ${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}} is not judged as written, but the variable it
 * names is, when the expression is expanded.
 *
 * <p>Applies to the variable however it is read ({@code BACKUP_SMTP_PORT} or {@code backup.smtp.port})
 * and wherever it is set; and a catalogued variable read by its property name is found under its variable name in
 * every source (SmallRye itself maps the names only in environment sources), so a {@code @ConfigMapping} sees
 * {@code BACKUP_MONITOR_SERVICES} set by a test resource or a test profile. Registered through
 * {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}; the variables come from every
 * {@link VariableCatalog} on the class path.
 */
@Priority(Priorities.LIBRARY + 250)
public class VariableCheck implements ConfigSourceInterceptor {

    private static final long serialVersionUID = 1L;

    private final Map<String, Variable> byName;

    /** Loads every {@link VariableCatalog} on the class path. */
    public VariableCheck() {
        this(loadCatalogs());
    }

    /** Checks exactly {@code variables}. */
    public VariableCheck(Collection<Variable> variables) {
        Map<String, Variable> map = new HashMap<>();
        for (Variable v : variables) {
            map.put(v.name(), v);
        }
        this.byName = map;
    }

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue found = context.proceed(name);
        Variable variable = name.startsWith("%") ? null : byName.get(Variable.environmentName(name));
        if (variable != null && !name.equals(variable.name())) {
            // a catalogued variable read by its property name (a @ConfigMapping's backup.monitor-interval) is found
            // under its own name too in every source, not only in the environment-like ones: a test resource or
            // profile may set BACKUP_MONITOR_INTERVAL; the source with the higher ordinal wins
            ConfigValue byVariableName = context.proceed(variable.name());
            if (byVariableName != null
                    && byVariableName.getValue() != null
                    && (found == null
                            || found.getValue() == null
                            || byVariableName.getConfigSourceOrdinal() > found.getConfigSourceOrdinal())) {
                found = byVariableName.withName(name);
            }
        }
        ConfigValue value = found;
        if (value == null
                || value.getValue() == null
                || name.startsWith("%")
                || value.getValue().contains("${")) {
            // an expression: the variables it names are checked when it is expanded and reads them
            return value;
        }
        if (variable != null) {
            variable.check(value.getValue(), () -> sourceOf(value));
        }
        return value;
    }

    private static String sourceOf(ConfigValue value) {
        return value.getConfigSourceOrdinal() == EnvFileConfigSourceProvider.ORDINAL
                ? EnvFileConfigSourceProvider.location().toString()
                : value.getConfigSourceName();
    }

    /** Every variable of every catalog on the class path. */
    public static Collection<Variable> loadCatalogs() {
        Map<String, Variable> all = new HashMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = VariableCheck.class.getClassLoader();
        }
        for (VariableCatalog catalog : ServiceLoader.load(VariableCatalog.class, loader)) {
            for (Variable v : catalog.variables()) {
                all.put(v.name(), v);
            }
        }
        return all.values();
    }
}
