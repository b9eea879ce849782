package com.textloom.backup.support.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSecurityTest {

    private static Map<String, String> of(String... pairs) {
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            variables.put(pairs[i], pairs[i + 1]);
        }
        return KafkaClientSecurity.properties(variables::get);
    }

    @Test
    void plaintextByDefaultAddsNothing() {
        assertEquals(Map.of(), of());
    }

    @Test
    void saslPlainBuildsTheJaasConfigWithTheValuesQuoted() {
        Map<String, String> p = of(
                "BACKUP_KAFKA_SECURITY_PROTOCOL",
                "sasl_plaintext",
                "BACKUP_KAFKA_SASL_USERNAME",
                "backup",
                "BACKUP_KAFKA_SASL_PASSWORD",
                "p\"w\\d");
        assertEquals("SASL_PLAINTEXT", p.get("security.protocol"));
        assertEquals("PLAIN", p.get("sasl.mechanism"));
        assertEquals(
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"backup\""
                        + " password=\"p\\\"w\\\\d\";",
                p.get("sasl.jaas.config"));
        assertFalse(p.containsKey("ssl.truststore.location"));
    }

    @Test
    void saslSslWithScramAndATruststore() {
        Map<String, String> p = of(
                "BACKUP_KAFKA_SECURITY_PROTOCOL",
                "SASL_SSL",
                "BACKUP_KAFKA_SASL_MECHANISM",
                "SCRAM-SHA-512",
                "BACKUP_KAFKA_SASL_USERNAME",
                "u",
                "BACKUP_KAFKA_SASL_PASSWORD",
                "p",
                "BACKUP_KAFKA_TRUSTSTORE",
                "/etc/kafka/ca.jks",
                "BACKUP_KAFKA_TRUSTSTORE_PASSWORD",
                "changeit");
        assertTrue(p.get("sasl.jaas.config").startsWith("org.apache.kafka.common.security.scram.ScramLoginModule"));
        assertEquals("/etc/kafka/ca.jks", p.get("ssl.truststore.location"));
        assertEquals("JKS", p.get("ssl.truststore.type"));
        assertEquals("changeit", p.get("ssl.truststore.password"));
    }

    @Test
    void badValuesNameTheVariableAndNeverThePassword() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of("BACKUP_KAFKA_SECURITY_PROTOCOL", "TLS"))
                .getMessage()
                .contains("BACKUP_KAFKA_SECURITY_PROTOCOL"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> of("BACKUP_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "BACKUP_KAFKA_SASL_MECHANISM", "GSSAPI"))
                .getMessage()
                .contains("BACKUP_KAFKA_SASL_MECHANISM"));
        IllegalArgumentException noUser = assertThrows(
                IllegalArgumentException.class,
                () -> of(
                        "BACKUP_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "BACKUP_KAFKA_SASL_PASSWORD", "secret-pw"));
        assertTrue(noUser.getMessage().contains("BACKUP_KAFKA_SASL_USERNAME"));
        assertFalse(noUser.getMessage().contains("secret-pw"));
    }

    @Test
    void plainClientsTakeTheSecurityPartOfTheBrokerConfiguration() {
        assertEquals(
                Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "ssl.x", "y"),
                KafkaClientSecurity.of(Map.of(
                        "bootstrap.servers",
                        "h:1",
                        "security.protocol",
                        "SASL_PLAINTEXT",
                        "sasl.mechanism",
                        "PLAIN",
                        "ssl.x",
                        "y",
                        "acks",
                        "all")));
    }
}
