package com.textloom.backup.support.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagingDefaultsTest {

    private final SmallRyeConfig config = new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(
                    Map.of(
                            "quarkus.application.name", "backup-scheduler",
                            "mp.messaging.incoming.backup-events.connector", "smallrye-kafka",
                            "mp.messaging.incoming.backup-events.topic", "textloom.backup.events",
                            "mp.messaging.incoming.backup-events.auto.offset.reset", "latest",
                            "mp.messaging.outgoing.requests.connector", "smallrye-kafka",
                            "mp.messaging.outgoing.requests.topic", "textloom.backup.requests",
                            "mp.messaging.incoming.in-memory.connector", "smallrye-in-memory"),
                    "application.properties",
                    250))
            .withSources(new MessagingDefaults())
            .build();

    @Test
    void everyKafkaConsumerDeadLettersToItsTopicsDlqAndReadsEventsWithTheSchema() {
        String in = "mp.messaging.incoming.backup-events.";
        assertEquals(SuiteEventDeserializer.class.getName(), config.getRawValue(in + "value.deserializer"));
        assertEquals(SuiteDeadLetters.STRATEGY, config.getRawValue(in + "failure-strategy"));
        assertEquals("false", config.getRawValue(in + "fail-on-deserialization-failure"));
    }

    @Test
    void everyKafkaProducerWritesBinaryCloudEventsFromTheService() {
        String out = "mp.messaging.outgoing.requests.";
        assertEquals(SuiteEventSerializer.class.getName(), config.getRawValue(out + "value.serializer"));
        assertEquals("binary", config.getRawValue(out + "cloud-events-mode"));
        assertEquals("backup-scheduler", config.getRawValue(out + "cloud-events-source"));
    }

    @Test
    void whatTheServiceSetsItselfWins() {
        assertEquals("latest", config.getRawValue("mp.messaging.incoming.backup-events.auto.offset.reset"));
    }

    @Test
    void theBrokersSecurityVariablesBecomeTheGlobalKafkaConfiguration() {
        SmallRyeConfig sasl = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        Map.of(
                                "BACKUP_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                                "BACKUP_KAFKA_SASL_USERNAME", "backup",
                                "BACKUP_KAFKA_SASL_PASSWORD", "pw"),
                        "environment",
                        300))
                .withSources(new MessagingDefaults())
                .build();
        assertEquals("SASL_PLAINTEXT", sasl.getRawValue("kafka.security.protocol"));
        assertEquals("PLAIN", sasl.getRawValue("kafka.sasl.mechanism"));
        assertTrue(sasl.getRawValue("kafka.sasl.jaas.config").contains("username=\"backup\" password=\"pw\""));
        assertEquals(null, config.getRawValue("kafka.security.protocol"), "PLAINTEXT adds nothing");
    }

    @Test
    void channelsOfOtherConnectorsAreLeftAlone() {
        assertTrue(config.getOptionalValue("mp.messaging.incoming.in-memory.failure-strategy", String.class)
                .isEmpty());
    }
}
