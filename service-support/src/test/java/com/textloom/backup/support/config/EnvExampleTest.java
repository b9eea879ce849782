package com.textloom.backup.support.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.config.EnvFile;
import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.config.Variable;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code .env.backup.example} at the root and the variable catalogues agree: every catalogued variable is in the
 * example with the catalogue's default (or the value its entry says the example ships) and its meaning as the
 * comment line(s) directly above it; every variable of the example is in a catalogue; the values pass their rules
 * and are the defaults of the typed configuration. The example is read by Docker Compose's env-file rules
 * ({@link EnvFile}), so these are also the values {@code docker compose --env-file .env.backup} and
 * {@code env_file: .env.backup} give the services.
 */
class EnvExampleTest {

    private static final List<Class<?>> MAPPINGS = List.of(BackupConfig.class, ProtectedAppConfig.class);
    private static final Pattern ASSIGNMENT = Pattern.compile("^(?:export\\s+)?([A-Z][A-Z0-9_]*)=(.*)$");

    private final Map<String, String> example = read();

    @Test
    void listsEveryCataloguedVariableWithItsDefaultAndMeaning() throws Exception {
        Map<String, String> comments = comments();
        List<String> problems = new ArrayList<>();
        for (Variable v : VariableCheck.loadCatalogs()) {
            if (!example.containsKey(v.name())) {
                problems.add(v.name() + ": missing");
            } else if (!example.get(v.name()).equals(v.exampleValue())) {
                problems.add(v.name() + ": the example has '" + (v.secret() ? "<hidden>" : example.get(v.name()))
                        + "', the catalogue '" + v.exampleValue() + "'");
            } else if (!v.meaning().equals(comments.get(v.name()))) {
                problems.add(v.name() + ": the example says '" + comments.get(v.name()) + "', the catalogue '"
                        + v.meaning() + "'");
            }
        }
        assertEquals(List.of(), problems, ".env.backup.example and the catalogues disagree");
    }

    /**
     * Read as Compose reads an env file (https://docs.docker.com/compose/env-file/), every value is the one the suite
     * expects (the catalogue's test above uses the same reader), no line carries a comment after its value (Compose
     * would keep a comment after "NAME=   " as the value: issue 13), and no value would be changed by Compose's
     * {@code $} interpolation, which the suite's reader does not do.
     */
    @Test
    void composeReadsEveryValueAsTheSuiteExpects() throws Exception {
        Map<String, String> expected = new HashMap<>();
        VariableCheck.loadCatalogs().forEach(v -> expected.put(v.name(), v.exampleValue()));
        List<String> problems = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file())) {
            number++;
            Matcher m = ASSIGNMENT.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            String raw = m.group(2);
            String value = example.get(name);
            if (raw.contains("#")) {
                problems.add(number + ": " + name + ": a '#' on a variable's line (put the comment on the line above)");
            }
            if (!raw.startsWith("'") && value.contains("$")) {
                problems.add(number + ": " + name + ": Compose would interpolate the '$' (use single quotes)");
            }
            if (!value.equals(expected.get(name))) {
                int at = number;
                VariableCheck.loadCatalogs().stream()
                        .filter(v -> v.name().equals(name) && v.secret())
                        .findAny()
                        .ifPresentOrElse(
                                v -> problems.add(at + ": " + name + ": not the catalogue's value"),
                                () -> problems.add(at + ": " + name + ": Compose reads '" + value
                                        + "', the suite expects '" + expected.get(name) + "'"));
            }
        }
        assertEquals(List.of(), problems, ".env.backup.example read by Compose's env-file rules");
    }

    @Test
    void everyVariableOfTheExampleIsCatalogued() {
        Set<String> catalogued = new HashSet<>();
        VariableCheck.loadCatalogs().forEach(v -> catalogued.add(v.name()));
        List<String> strangers = new ArrayList<>(new TreeSet<>(example.keySet()));
        strangers.removeAll(catalogued);
        assertEquals(
                List.of(),
                strangers,
                "in .env.backup.example but in no VariableCatalog (add them to suite-config's SuiteVariables)");
        for (Variable v : SuiteVariables.environmentOnly()) {
            assertFalse(example.containsKey(v.name()), v.name() + " is read from the environment only");
        }
    }

    @Test
    void everyValueItShipsPassesItsRule() {
        List<String> problems = new ArrayList<>();
        for (Variable v : VariableCheck.loadCatalogs()) {
            String value = example.get(v.name());
            v.problem(value).ifPresent(p -> problems.add(v.complaint(value, p)));
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
                    assertEquals(
                            byDefault,
                            shipped,
                            mapping.getSimpleName() + "." + m.getName()
                                    + ": the example's value differs from the code's default");
                }
            }
        }
    }

    private static SmallRyeConfig config(Map<String, String> variables) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new EnvConfigSource(variables, 300))
                .withSources(VariableDefaults.source(VariableCheck.loadCatalogs()))
                .withInterceptors(new VariableCheck());
        MAPPINGS.forEach(builder::withMapping);
        return builder.build();
    }

    /**
     * Each variable's meaning: the comment lines directly above it (no blank line between), joined by a space;
     * a blank line or another variable ends the block, so a section's notes stay apart from the next meaning.
     */
    private static Map<String, String> comments() throws Exception {
        Map<String, String> out = new HashMap<>();
        List<String> block = new ArrayList<>();
        for (String line : Files.readAllLines(file())) {
            String text = line.strip();
            Matcher m = ASSIGNMENT.matcher(text);
            if (text.startsWith("#")) {
                block.add(text.substring(1).strip());
                continue;
            }
            if (m.matches()) {
                out.put(m.group(1), String.join(" ", block));
            }
            block.clear();
        }
        return out;
    }

    private static Path file() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".env.backup.example"))) {
            dir = dir.getParent();
        }
        assertTrue(
                dir != null,
                ".env.backup.example not found above " + Path.of("").toAbsolutePath());
        return dir.resolve(".env.backup.example");
    }

    private static Map<String, String> read() {
        try {
            return EnvFile.read(file());
        } catch (Exception e) {
            throw new AssertionError(".env.backup.example does not parse: " + e.getMessage(), e);
        }
    }
}
