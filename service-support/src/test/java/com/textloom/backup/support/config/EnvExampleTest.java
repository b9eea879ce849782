package com.textloom.backup.support.config;

import com.textloom.backup.config.EnvFile;
import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.config.Variable;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code .env.backup.example} at the root lists every variable, with values the code accepts and defaults it uses. */
class EnvExampleTest {

    private static final List<Class<?>> MAPPINGS = List.of(BackupConfig.class, MinioConfig.class, ObsConfig.class);

    private final Map<String, String> example = read();

    @Test
    void listsEveryVariableTheServicesCheck() {
        List<String> missing = new ArrayList<>();
        for (Variable v : new SuiteVariables().variables()) {
            if (!example.containsKey(v.name())) {
                missing.add(v.name());
            }
        }
        assertEquals(List.of(), missing, "variables missing from .env.backup.example");
    }

    @Test
    void everyValueItShipsPassesItsRule() {
        List<String> problems = new ArrayList<>();
        for (Variable v : VariableCheck.loadCatalogs()) {
            String value = example.get(v.name());
            v.rule().problem(value).ifPresent(p -> problems.add(v.complaint(value, p)));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void itsValuesAreTheDefaultsOfTheTypedConfiguration() throws Exception {
        SmallRyeConfig defaults = config(Map.of());
        SmallRyeConfig fromExample = config(example);
        for (Class<?> mapping : MAPPINGS) {
            for (Method m : mapping.getDeclaredMethods()) {
                if (m.getParameterCount() == 0 && m.getReturnType() != Optional.class && !m.isDefault()) {
                    Object byDefault = m.invoke(defaults.getConfigMapping(mapping));
                    Object shipped = m.invoke(fromExample.getConfigMapping(mapping));
                    assertEquals(byDefault, shipped, mapping.getSimpleName() + "." + m.getName()
                            + ": the example's value differs from the code's default");
                }
            }
        }
    }

    private static SmallRyeConfig config(Map<String, String> variables) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new EnvConfigSource(variables, 300)).withInterceptors(new VariableCheck());
        MAPPINGS.forEach(builder::withMapping);
        return builder.build();
    }

    private static Map<String, String> read() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".env.backup.example"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, ".env.backup.example not found above " + Path.of("").toAbsolutePath());
        try {
            return EnvFile.read(dir.resolve(".env.backup.example"));
        } catch (Exception e) {
            throw new AssertionError(".env.backup.example does not parse: " + e.getMessage(), e);
        }
    }
}
