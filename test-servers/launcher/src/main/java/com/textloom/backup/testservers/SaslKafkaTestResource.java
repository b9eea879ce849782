package com.textloom.backup.testservers;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * Points a Quarkus test at a real Kafka broker that only lets a service in over SASL/PLAIN: a broker of its own
 * ({@link KafkaBroker#startWithSaslPlain}) for the test class, and the suite's variables that make every Kafka
 * client of the service log in ({@code BACKUP_KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT},
 * {@code BACKUP_KAFKA_SASL_MECHANISM=PLAIN}, {@code BACKUP_KAFKA_SASL_USERNAME} {@value #USER},
 * {@code BACKUP_KAFKA_SASL_PASSWORD} a fresh password, {@link #password()}).
 *
 * <pre>{@code @QuarkusTest @WithTestResource(SaslKafkaTestResource.class) class SaslIT { ... }}</pre>
 */
public class SaslKafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** The one user the broker knows. */
    public static final String USER = "textloom";

    private static volatile KafkaBroker broker;
    private static volatile String password;

    @Override
    public Map<String, String> start() {
        password = "pw-" + UUID.randomUUID();
        broker = KafkaBroker.startWithSaslPlain(USER, password);
        return Map.of(
                "kafka.bootstrap.servers",
                broker.saslBootstrapServers(),
                "BACKUP_KAFKA_SECURITY_PROTOCOL",
                "SASL_PLAINTEXT",
                "BACKUP_KAFKA_SASL_MECHANISM",
                "PLAIN",
                "BACKUP_KAFKA_SASL_USERNAME",
                USER,
                "BACKUP_KAFKA_SASL_PASSWORD",
                password);
    }

    /** The broker of the running test class. */
    public static KafkaBroker broker() {
        return broker;
    }

    /** The password of {@link #USER}. */
    public static String password() {
        return password;
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
