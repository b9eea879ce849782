package com.textloom.backup.support.config;

import com.textloom.backup.config.Variable;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads every catalogued variable once at start-up, so that a bad value stops the service even when no
 * configuration mapping of this service reads that variable. All problems are reported together, one per
 * line, each naming its variable.
 */
@ApplicationScoped
public class StartupVariableCheck {

    void onStart(@Observes StartupEvent event, Config config) {
        List<String> problems = new ArrayList<>();
        VariableCheck.loadCatalogs().stream()
                .sorted(Comparator.comparing(Variable::name))
                .forEach(variable -> {
                    try {
                        config.getConfigValue(variable.name());
                    } catch (IllegalArgumentException e) {
                        problems.add(e.getMessage());
                    }
                });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Bad configuration:\n  " + String.join("\n  ", problems));
        }
    }
}
