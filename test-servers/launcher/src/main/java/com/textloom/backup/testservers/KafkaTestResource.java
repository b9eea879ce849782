package com.textloom.backup.testservers;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a Quarkus test at the real Kafka broker of the test JVM ({@link KafkaBroker#shared()}): sets
 * {@code kafka.bootstrap.servers}, which the SmallRye Kafka connector and Kafka clients read.
 *
 * <pre>{@code @QuarkusTest @WithTestResource(KafkaTestResource.class) class SchedulerIT { ... }}</pre>
 *
 * Test classes using it share one broker per JVM; topics and consumer groups outlive a test class, so
 * tests use their own topic names or group ids when they must not see each other's records.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }

    /** Nothing to do: the shared broker stops when the test JVM exits. */
    @Override
    public void stop() {}
}
