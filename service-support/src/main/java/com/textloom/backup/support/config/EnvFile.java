package com.textloom.backup.support.config;

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
 * so a typo does not silently drop a setting. Values are never logged.
 */
public final class EnvFile {

    private static final Pattern ASSIGNMENT =
            Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*=(.*)$");

    private EnvFile() {
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
