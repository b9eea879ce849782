package com.textloom.backup.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suite's variables as a program outside Quarkus sees them (the command line), by the rules the services
 * follow: <b>a variable set in the environment wins</b> (even when set to an empty value, which means "not
 * set"); otherwise its value in {@code .env.backup} in the working directory, or in the file named by
 * {@value EnvFile#FILE_VARIABLE} ({@link EnvFile#location(Map, Path)}), read by the services' own parser
 * ({@link EnvFile}). A missing file is no error.
 *
 * <p>It is a read-only {@link Map}, so code that takes the environment as a map ({@code RepositoryOptions
 * .fromEnvironment(env)}) reads the file too. Guarantees:
 * <ul>
 *   <li>the file is read once, on the first lookup, not before: a program that looks nothing up (its
 *       {@code --help}) runs even when the file is broken; a line that is not {@code NAME=value} then fails
 *       that lookup with {@link IllegalArgumentException} naming file and line, and an unreadable file with
 *       {@link UncheckedIOException};</li>
 *   <li>every value handed out of a variable with a rule has passed it: otherwise
 *       {@link IllegalArgumentException} with the services' message, naming the variable and where it is set,
 *       {@code BACKUP_API_KEY=<hidden>: key name 'a b' is not letters, digits, . _ - @ (from
 *       /srv/textloom/.env.backup)}; secrets are never shown, not even by {@link #toString()}.</li>
 * </ul>
 */
public final class SuiteEnvironment extends AbstractMap<String, String> {

    /** Where a value set in the process environment is said to come from. */
    public static final String ENVIRONMENT = "the environment";

    private static final Pattern VARIABLE_NAME = Pattern.compile("\\b[A-Z][A-Z0-9_]*[A-Z0-9]\\b");

    private final Map<String, String> environment;
    private final Path file;
    private final Map<String, Variable> rules;
    private volatile Map<String, String> fileValues;

    private SuiteEnvironment(Map<String, String> environment, Path file, Map<String, Variable> rules) {
        this.environment = environment;
        this.file = file;
        this.rules = rules;
    }

    /**
     * The variables of {@code environment}, then of the file found from {@code workingDir}, each checked by its
     * variable in {@code rules} (others are handed out unchecked).
     */
    public static SuiteEnvironment of(Map<String, String> environment, Path workingDir, Collection<Variable> rules) {
        Map<String, Variable> byName = new HashMap<>();
        rules.forEach(v -> byName.put(v.name(), v));
        Map<String, String> env = Map.copyOf(environment);
        return new SuiteEnvironment(env, EnvFile.location(env, workingDir), byName);
    }

    /** This process: {@link System#getenv()} and the current directory. */
    public static SuiteEnvironment system(Collection<Variable> rules) {
        return of(System.getenv(), Path.of(""), rules);
    }

    /** The file looked at (absolute; it need not exist). */
    public Path file() {
        return file;
    }

    /**
     * Where {@code name}'s value comes from: {@value #ENVIRONMENT}, the file's path, or {@code null} when
     * neither sets it.
     */
    public String sourceOf(String name) {
        if (environment.containsKey(name)) {
            return ENVIRONMENT;
        }
        return fileValues().containsKey(name) ? file.toString() : null;
    }

    /**
     * {@code message} with {@code (from FILE)} appended when it names a variable whose value came from the file
     * (not blank: blank means "not set") and does not say so yet, so that errors raised by code reading this map (a library's
     * {@code BACKUP_COMPRESSION_LEVEL is not a number: 'x'}) point at the file to fix.
     */
    public String withSource(String message) {
        if (message == null || fileValues == null || message.contains(file.toString())) {
            return message;
        }
        Matcher m = VARIABLE_NAME.matcher(message);
        while (m.find()) {
            String value = environment.containsKey(m.group()) ? null : fileValues.get(m.group());
            if (value != null && !value.isBlank()) {
                return message + " (from " + file + ")";
            }
        }
        return message;
    }

    /**
     * One warning per name of the suite's form ({@code BACKUP_*}, {@code MINIO_*}, {@code OBS_*}, {@code TEXTLOOM_*})
     * set in the environment or the file that is neither one of the variables this lookup checks nor one of the
     * suite's environment-only names, with the name probably meant ({@link UnknownVariables}), as the services log
     * them at start-up: {@code BACKUP_DAILY_RETENTON_DAYS (set in /srv/.env.backup) is not a variable of the suite
     * and is ignored; did you mean BACKUP_DAILY_RETENTION_DAYS?}. Reads the file (names only, never values).
     */
    public List<String> unknownVariables() {
        Set<String> names = new TreeSet<>(environment.keySet());
        names.addAll(fileValues().keySet());
        return UnknownVariables.find(names, UnknownVariables.knownNames(rules.values())).stream()
                .map(u -> u.message(sourceOf(u.name())))
                .toList();
    }

    @Override
    public String get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        String value = environment.containsKey(name)
                ? environment.get(name)
                : fileValues().get(name);
        if (value != null) {
            Variable variable = rules.get(name);
            if (variable != null) {
                variable.check(value, () -> sourceOf(name));
            }
        }
        return value;
    }

    @Override
    public boolean containsKey(Object key) {
        return environment.containsKey(key) || fileValues().containsKey(key);
    }

    /** Every variable of both, each checked as {@link #get(Object)} checks it. */
    @Override
    public Set<Entry<String, String>> entrySet() {
        Map<String, String> all = new LinkedHashMap<>(fileValues());
        all.putAll(environment);
        all.replaceAll((name, value) -> get(name));
        return Map.copyOf(all).entrySet();
    }

    /** Names the file; never a value. */
    @Override
    public String toString() {
        return "SuiteEnvironment[environment, then " + file + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    private synchronized Map<String, String> fileValues() {
        if (fileValues == null) {
            try {
                fileValues = Files.isRegularFile(file) ? EnvFile.read(file) : Map.of();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return fileValues;
    }
}
