package com.textloom.backup.testservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarkusTestResourcesIT {

    @Test
    void theKafkaResourcePointsQuarkusAtTheSharedBrokerAndLeavesItRunning() {
        KafkaTestResource resource = new KafkaTestResource();
        Map<String, String> config = resource.start();
        resource.stop();

        assertEquals(Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers()), config);
        assertTrue(FreePort.accepts(KafkaBroker.shared().port()), "the shared broker must outlive a test class");
    }

    @Test
    void theS3ResourceSetsTheGuidesMinioVariablesForTheSharedServer() {
        S3TestResource resource = new S3TestResource();
        Map<String, String> config = resource.start();
        resource.stop();

        S3ProxyServer s3 = S3ProxyServer.shared();
        assertEquals(
                Map.of(
                        "MINIO_ENDPOINT",
                        s3.endpoint(),
                        "MINIO_ACCESS_KEY",
                        s3.accessKey(),
                        "MINIO_SECRET_KEY",
                        s3.secretKey()),
                config);
        assertTrue(FreePort.accepts(s3.port()), "the shared server must outlive a test class");
    }
}
