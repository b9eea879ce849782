package com.textloom.backup.support.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The guide's variables as one map, for libraries that read an environment map (the repository's
 * {@code RepositoryOptions.fromEnvironment(env)}, {@code RetentionPolicy.fromEnvironment(env)} ...): each
 * value comes from configuration, so the environment wins over {@code .env.backup}, which wins over
 * {@code application.properties}, and every catalogued value has passed its check. Only values somebody set: the
 * catalogue's defaults ({@link VariableDefaults}) are left out, so a library applies its own to what is not set.
 */
@ApplicationScoped
public class GuideEnvironment {

    @Inject
    Config config;

    /**
     * The set values of {@code names} (unset or blank ones are left out).
     */
    public Map<String, String> variables(Collection<String> names) {
        Map<String, String> values = new HashMap<>();
        for (String name : names) {
            value(name).ifPresent(v -> values.put(name, v));
        }
        return Map.copyOf(values);
    }

    /** One variable's value, when set and not blank. */
    public Optional<String> value(String name) {
        ConfigValue value = config.getConfigValue(name);
        return VariableDefaults.isDefault(value) ? Optional.empty()
                : Optional.ofNullable(value.getValue()).map(String::strip).filter(v -> !v.isEmpty());
    }
}
