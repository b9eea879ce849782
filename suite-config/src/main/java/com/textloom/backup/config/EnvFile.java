package com.textloom.backup.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an environment file such as {@code .env.backup}, in the shell-like form the guide uses:
 *
 * <pre>
 * # a comment
 * BACKUP_DAILY_RETENTION_DAYS=7      # inline comment after whitespace
 * export MINIO_ENDPOINT=localhost:9000
 * BACKUP_SLACK_CHANNEL="#alerts"     # quotes keep '#' and spaces
 * BACKUP_EMAIL_FROM='alerts@example.com'
 * </pre>
 *
 * A line that is neither blank, a comment nor {@code NAME=value} is an error naming the file and line,
 * so a typo does not silently drop a setting. Values are never logged or put in messages.
 *
 * <p>Where the file is ({@link #location(Map, Path)}) is the same for every program of the suite: the file
 * named by {@value #FILE_VARIABLE}, else {@value #DEFAULT_FILE} in the working directory. The services make it
 * configuration (service-support's {@code EnvFileConfigSourceProvider}); the command line looks variables up
 * through {@link SuiteEnvironment}. In both, a variable set in the environment wins over the file.
 */
public final class EnvFile {

    /** Names another file than {@code ./.env.backup} (an environment variable, or a system property). */
    public static final String FILE_VARIABLE = "BACKUP_ENV_FILE";
    /** Default file name, in the working directory. */
    public static final String DEFAULT_FILE = ".env.backup";

    private static final Pattern ASSIGNMENT =
            Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*=(.*)$");

    private EnvFile() {
    }

    /**
     * Where the file is looked for, as an absolute path: {@value #FILE_VARIABLE} from {@code environment}, else
     * the system property {@value #FILE_VARIABLE}, else {@value #DEFAULT_FILE}; a relative path is taken from
     * {@code workingDir}. The file need not exist.
     */
    public static Path location(Map<String, String> environment, Path workingDir) {
        String named = environment.get(FILE_VARIABLE);
        if (named == null || named.isBlank()) {
            named = System.getProperty(FILE_VARIABLE);
        }
        Path file = named == null || named.isBlank() ? Path.of(DEFAULT_FILE) : Path.of(named.strip());
        return workingDir.toAbsolutePath().resolve(file);
    }

    /**
     * The variables of {@code file}, in file order (a later line wins over an earlier one).
     *
     * @throws IllegalArgumentException naming the file and line when a line cannot be read
     * @throws IOException              when the file cannot be read
     */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                Matcher m = ASSIGNMENT.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException(file + ":" + number + ": not NAME=value");
                }
                String name = m.group(1);
                try {
                    variables.put(name, value(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + number + ": " + name + ": " + e.getMessage());
                }
            }
        }
        return Collections.unmodifiableMap(variables);
    }

    /** The value part of a line: quoted (quotes removed) or bare (inline comment and spaces removed). */
    static String value(String raw) {
        String text = raw.strip();
        if (text.startsWith("\"") || text.startsWith("'")) {
            char quote = text.charAt(0);
            int end = text.indexOf(quote, 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated " + quote + " quote");
            }
            String rest = text.substring(end + 1).strip();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                throw new IllegalArgumentException("unexpected text after the closing quote");
            }
            String inner = text.substring(1, end);
            return quote == '"' ? inner.replace("\\n", "\n") : inner;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                return text.substring(0, i).strip();
            }
        }
        return text;
    }
}
