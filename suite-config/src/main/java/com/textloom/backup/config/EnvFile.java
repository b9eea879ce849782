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
 * Reads an environment file such as {@code .env.backup} by the rules of Docker Compose's env-file parser, so
 * that the services, the command line and {@code docker compose --env-file .env.backup} / {@code env_file:} see
 * the same value for every line (Compose's rules:
 * <a href="https://docs.docker.com/compose/env-file/">Syntax for environment files in Docker Compose</a>):
 *
 * <pre>
 * # a comment line (blank lines are skipped too)
 * BACKUP_DAILY_RETENTION_DAYS=7
 * export MINIO_ENDPOINT=localhost:9000        # "export " is optional
 * BACKUP_SLACK_CHANNEL=#alerts                 # value "#alerts": a '#' right after '=' is not a comment
 * OBS_ENDPOINT=   # comment                    # refused: Compose would take "# comment" as the value
 * BACKUP_WEBHOOK_URL=https://h/x#frag          # '#' without a space before it is part of the value
 * BACKUP_EMAIL_FROM='alerts@example.com'      # single quotes: literal (\' is a quote)
 * BACKUP_SMTP_PASSWORD="p a s s"  # comment   # double quotes: \n \r \t \\ \" are escapes
 * </pre>
 *
 * <ul>
 * <li>Blanks after {@code =} are skipped. An unquoted value runs to the end of the line and ends at the first
 *     {@code " #"} (a space, then {@code #}); trailing blanks are dropped. So Compose reads {@code NAME=   # text}
 *     as the value {@code # text}: a variable's comment belongs on its own line above it.</li>
 * <li>A value starting with {@code '} or {@code "} ends at the matching unescaped quote; only a {@code # comment}
 *     may follow it.</li>
 * <li>Differences, all stricter than Compose: {@code NAME=} followed by blanks and then {@code #} is refused
 *     (it is an old-style inline comment that Compose would make the value, e.g. the API key; {@code NAME=#x},
 *     without the blank, is the value {@code #x}); a quoted value must close on its own line (Compose allows several
 *     lines); {@code $NAME} and {@code ${NAME}} are not interpolated (Compose substitutes them in unquoted and
 *     double-quoted values: put such a value in single quotes so that both read it literally).</li>
 * </ul>
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

    private EnvFile() {}

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

    /** The value part of a line (what follows {@code =}), by Compose's rules (see the class comment). */
    static String value(String raw) {
        String text = raw.stripLeading();
        if (text.startsWith("#") && text.length() < raw.length()) {
            throw new IllegalArgumentException(
                    "a comment where the value goes (Docker Compose would take it as the value):"
                            + " put the comment on its own line above, or quote a value that starts with '#'");
        }
        if (text.startsWith("\"") || text.startsWith("'")) {
            return quoted(text);
        }
        int comment = text.indexOf(" #");
        return (comment < 0 ? text : text.substring(0, comment)).stripTrailing();
    }

    private static String quoted(String text) {
        char quote = text.charAt(0);
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                String escaped = escape(quote, next);
                if (escaped != null) {
                    value.append(escaped);
                    i++;
                    continue;
                }
            } else if (c == quote) {
                String rest = text.substring(i + 1).strip();
                if (!rest.isEmpty() && !rest.startsWith("#")) {
                    throw new IllegalArgumentException("unexpected text after the closing quote");
                }
                return value.toString();
            }
            value.append(c);
        }
        throw new IllegalArgumentException("unterminated " + quote + " quote");
    }

    /** What {@code \next} stands for inside {@code quote}s, or null when it is kept as written. */
    private static String escape(char quote, char next) {
        if (next == quote) {
            return String.valueOf(quote);
        }
        if (quote == '\'') {
            return null;
        }
        return switch (next) {
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case '\\' -> "\\";
            default -> null;
        };
    }
}
