package com.textloom.backup.config;

import java.io.Serializable;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * An environment variable the suite reads, with the rule its value must follow.
 *
 * @param name   the environment name, e.g. {@code BACKUP_DAILY_RETENTION_DAYS}
 * @param rule   what a value must look like
 * @param secret true when the value must never be shown (keys, passwords, webhook URLs)
 */
public record Variable(String name, VariableRule rule, boolean secret) implements Serializable {

    /** A variable whose value may be shown in error messages. */
    public static Variable of(String name, VariableRule rule) {
        return new Variable(name, rule, false);
    }

    /** A variable whose value is never shown. */
    public static Variable secret(String name, VariableRule rule) {
        return new Variable(name, rule, true);
    }

    /**
     * The environment name of a configuration property, the way SmallRye maps them:
     * {@code backup.daily-retention-days} becomes {@code BACKUP_DAILY_RETENTION_DAYS}.
     */
    public static String environmentName(String property) {
        StringBuilder out = new StringBuilder(property.length());
        for (int i = 0; i < property.length(); i++) {
            char c = property.charAt(i);
            out.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }

    /**
     * The start-up error for a bad value: {@code BACKUP_DAILY_RETENTION_DAYS=abc: not a whole number},
     * with the value hidden for secrets.
     */
    public String complaint(String value, String problem) {
        return name + "=" + (secret ? "<hidden>" : value) + ": " + problem;
    }

    /**
     * Checks {@code value} against the rule.
     *
     * @param source where the value comes from, for the message (asked only when the value is bad): a file,
     *               {@code the environment}
     * @throws IllegalArgumentException {@code BACKUP_DAILY_RETENTION_DAYS=abc: not a whole number (from
     *                                  /srv/.env.backup)}, the value hidden for secrets
     */
    public void check(String value, Supplier<String> source) {
        rule.problem(value).ifPresent(problem -> {
            throw new IllegalArgumentException(complaint(value, problem) + " (from " + source.get() + ")");
        });
    }
}
