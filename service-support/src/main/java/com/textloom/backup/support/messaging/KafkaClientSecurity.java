package com.textloom.backup.support.messaging;

import com.textloom.backup.config.SuiteVariables;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The broker's security settings for every Kafka client of the suite, from the catalogue's variables
 * ({@code BACKUP_KAFKA_SECURITY_PROTOCOL}, {@code BACKUP_KAFKA_SASL_MECHANISM}, {@code BACKUP_KAFKA_SASL_USERNAME},
 * {@code BACKUP_KAFKA_SASL_PASSWORD}, {@code BACKUP_KAFKA_TRUSTSTORE}, {@code BACKUP_KAFKA_TRUSTSTORE_PASSWORD}).
 * One way in: {@link MessagingDefaults} turns them ({@link #properties}) into the global {@code kafka.*}
 * configuration, which every SmallRye channel and Quarkus' {@code default-kafka-broker} map take; plain clients
 * (the monitor's, the scheduler's replay, the broker probe) copy the security part of that map ({@link #of}).
 * So a SmallRye channel and a plain client of one service always talk to the broker the same way.
 *
 * <p>{@code PLAINTEXT} (the default) adds nothing. {@code SASL_PLAINTEXT} / {@code SASL_SSL} need a user and
 * password and build {@code sasl.jaas.config} for PLAIN or SCRAM; {@code SSL} / {@code SASL_SSL} take the
 * truststore when one is named. A wrong value fails with a message naming the variable; the password is never in a
 * message.
 */
public final class KafkaClientSecurity {

    static final String PROTOCOL = "BACKUP_KAFKA_SECURITY_PROTOCOL";
    static final String MECHANISM = "BACKUP_KAFKA_SASL_MECHANISM";
    static final String USERNAME = "BACKUP_KAFKA_SASL_USERNAME";
    static final String PASSWORD = "BACKUP_KAFKA_SASL_PASSWORD";
    static final String TRUSTSTORE = "BACKUP_KAFKA_TRUSTSTORE";
    static final String TRUSTSTORE_PASSWORD = "BACKUP_KAFKA_TRUSTSTORE_PASSWORD";

    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    private KafkaClientSecurity() {}

    /**
     * The Kafka client properties ({@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config},
     * {@code ssl.truststore.*}) of the variables {@code lookup} answers (null or blank = not set, then the
     * catalogue's default).
     *
     * @throws IllegalArgumentException naming the variable when a value is unknown or a needed one is missing
     */
    public static Map<String, String> properties(Function<String, String> lookup) {
        Map<String, String> p = new TreeMap<>();
        String protocol = SuiteVariables.value(PROTOCOL, lookup).strip().toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException(
                    PROTOCOL + " must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL," + " not " + protocol);
        }
        if (protocol.equals("PLAINTEXT")) {
            return p;
        }
        p.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            String mechanism = SuiteVariables.value(MECHANISM, lookup).strip().toUpperCase(Locale.ROOT);
            String module = LOGIN_MODULES.get(mechanism);
            if (module == null) {
                throw new IllegalArgumentException(
                        MECHANISM + " must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, not " + mechanism);
            }
            String user = SuiteVariables.value(USERNAME, lookup);
            String password = SuiteVariables.value(PASSWORD, lookup);
            if (user.isBlank() || password.isEmpty()) {
                throw new IllegalArgumentException(
                        PROTOCOL + "=" + protocol + " needs " + USERNAME + " and " + PASSWORD);
            }
            p.put("sasl.mechanism", mechanism);
            p.put(
                    "sasl.jaas.config",
                    module + " required username=\"" + quoted(user.strip()) + "\" password=\"" + quoted(password)
                            + "\";");
        }
        if (protocol.endsWith("SSL")) {
            String truststore = SuiteVariables.value(TRUSTSTORE, lookup).strip();
            if (!truststore.isEmpty()) {
                p.put("ssl.truststore.location", truststore);
                p.put("ssl.truststore.type", truststore.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
                String password = SuiteVariables.value(TRUSTSTORE_PASSWORD, lookup);
                if (!password.isEmpty()) {
                    p.put("ssl.truststore.password", password);
                }
            }
        }
        return p;
    }

    /**
     * The security part ({@code security.*}, {@code sasl.*}, {@code ssl.*}) of a Kafka client configuration,
     * typically Quarkus' {@code @Identifier("default-kafka-broker")} map, for a plain client to add to its own.
     */
    public static Map<String, Object> of(Map<String, ?> kafkaConfig) {
        Map<String, Object> security = new TreeMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                security.put(key, value);
            }
        });
        return security;
    }

    /** A value inside a JAAS double-quoted string: backslash and quote escaped. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
