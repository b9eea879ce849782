package com.textloom.backup.config;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An environment variable the suite reads: its name, the rule (type) its value must follow, whether it is a
 * secret, its default and what it means. One entry of a {@link VariableCatalog} is everything the suite knows
 * about a variable: the services take its default from here (service-support's defaults source), check values by
 * its rule, and {@code .env.backup.example} must list it with the same default and meaning (a test checks).
 *
 * <pre>{@code
 * Variable.of("BACKUP_DAILY_RETENTION_DAYS", WHOLE_NUMBER).byDefault("7").means("daily backups kept")
 * }</pre>
 *
 * @param name         the environment name, e.g. {@code BACKUP_DAILY_RETENTION_DAYS}
 * @param rule         what a value must look like
 * @param secret       true when the value must never be shown (keys, passwords, webhook URLs)
 * @param defaultValue the value that applies when the variable is not set (or set to blank); {@code ""}: none,
 *                     the feature it drives is off or the code derives a value (the meaning says which)
 * @param meaning      one line for a person: what the variable does; {@code ""} when not given
 * @param example      the value {@code .env.backup.example} ships when it is not the default (e.g. the local
 *                     S3 endpoint that {@code deploy/local/up} starts), else {@code null}
 * @param bounds       for a number: the smallest and largest value the code reading it works with
 *                     ({@link #within}), checked with the rule wherever the value is checked; else {@code null}
 */
public record Variable(
        String name,
        VariableRule rule,
        boolean secret,
        String defaultValue,
        String meaning,
        String example,
        Bounds bounds)
        implements Serializable {

    /** The range a number variable must lie in, both ends included. */
    public record Bounds(long min, long max) implements Serializable {}

    public Variable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
        defaultValue = defaultValue == null ? "" : defaultValue;
        meaning = meaning == null ? "" : meaning;
    }

    /** A variable without default or meaning (kept for catalogues written before defaults were). */
    public Variable(String name, VariableRule rule, boolean secret) {
        this(name, rule, secret, "", "", null, null);
    }

    /** A variable whose value may be shown in error messages. */
    public static Variable of(String name, VariableRule rule) {
        return new Variable(name, rule, false);
    }

    /** A variable whose value is never shown. */
    public static Variable secret(String name, VariableRule rule) {
        return new Variable(name, rule, true);
    }

    /** This variable with {@code value} as its default. */
    public Variable byDefault(String value) {
        return new Variable(name, rule, secret, value, meaning, example, bounds);
    }

    /** This variable with its one-line meaning. */
    public Variable means(String text) {
        return new Variable(name, rule, secret, defaultValue, text, example, bounds);
    }

    /**
     * This variable with the value {@code .env.backup.example} ships instead of the default, for a variable whose
     * example differs on purpose (a local endpoint, a local database URL).
     */
    public Variable shipped(String value) {
        return new Variable(name, rule, secret, defaultValue, meaning, value, bounds);
    }

    /**
     * This number variable limited to {@code min..max}: a value outside is refused by the same check as a value
     * breaking the rule (every service at start-up, the command line when it reads it), with
     * {@code BACKUP_OPERATIONS_KEEP=5: must be within 10..1000000}.
     */
    public Variable within(long min, long max) {
        if (rule != VariableRule.WHOLE_NUMBER && rule != VariableRule.POSITIVE_NUMBER) {
            throw new IllegalArgumentException(name + ": bounds are for number rules, not " + rule);
        }
        return new Variable(name, rule, secret, defaultValue, meaning, example, new Bounds(min, max));
    }

    /**
     * What is wrong with {@code value}: its rule's problem, else, for a number with {@link #bounds()}, that it lies
     * outside them; empty when it is fine (an empty value always is: it means "not set").
     */
    public Optional<String> problem(String value) {
        Optional<String> problem = rule.problem(value);
        if (problem.isPresent() || bounds == null || value == null || value.isBlank()) {
            return problem;
        }
        long n = Long.parseLong(value.strip());
        return n < bounds.min() || n > bounds.max()
                ? Optional.of("must be within " + bounds.min() + ".." + bounds.max())
                : Optional.empty();
    }

    /**
     * This number variable's value ({@link #value}: set, else the default, checked with the rule and the bounds).
     *
     * @throws IllegalArgumentException naming the variable, when the value is not a number of its rule or
     *                                  lies outside its bounds, or when neither a value nor a default is set
     */
    public long number(Function<String, String> lookup) {
        String value = value(lookup);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " is not set and has no default");
        }
        return Long.parseLong(value);
    }

    /** The value {@code .env.backup.example} ships: {@link #example()} when given, else the default. */
    public String exampleValue() {
        return example != null ? example : defaultValue;
    }

    /**
     * This variable's value: the one {@code lookup} finds (stripped), or the default when it finds none or a blank
     * one; {@code ""} when neither is set.
     *
     * @param lookup a variable's value by name, or {@code null} when it is not set
     * @throws IllegalArgumentException {@code NAME=value: problem}, the value hidden for secrets, when the value
     *                                  breaks the rule
     */
    public String value(Function<String, String> lookup) {
        String set = lookup.apply(name);
        String value = set == null || set.isBlank() ? defaultValue : set.strip();
        problem(value).ifPresent(problem -> {
            throw new IllegalArgumentException(complaint(value, problem));
        });
        return value;
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
        problem(value).ifPresent(problem -> {
            throw new IllegalArgumentException(complaint(value, problem) + " (from " + source.get() + ")");
        });
    }
}
