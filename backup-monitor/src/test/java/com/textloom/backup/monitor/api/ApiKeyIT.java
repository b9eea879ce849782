package com.textloom.backup.monitor.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With BACKUP_API_KEY set, the monitor's mutating endpoints need the X-API-Key header; reads stay open. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(ApiKeyIT.WithKey.class)
class ApiKeyIT {

    static final String KEY = "monitor-test-key-" + UUID.randomUUID();

    /** Sets the key and private topics; no notification channel. */
    public static class WithKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String p = "it-apikey-" + UUID.randomUUID().toString().substring(0, 8);
            return Map.of(
                    "backup.api-key",
                    KEY,
                    "textloom.monitor.kafka.backup-events-topic",
                    p + ".backup-events",
                    "textloom.monitor.kafka.alerts-topic",
                    p + ".alerts",
                    "textloom.monitor.kafka.recovery-events-topic",
                    p + ".recovery-events",
                    "textloom.monitor.kafka.leader-topic",
                    p + ".leader",
                    "textloom.monitor.kafka.leader-group",
                    p + "-leader",
                    "BACKUP_MONITOR_SERVICES",
                    "",
                    "BACKUP_MONITOR_RPO",
                    "logs=30d");
        }
    }

    @Test
    void mutatingEndpointsRefuseARequestWithoutTheKeyAndReadsStayOpen() {
        given().get("/api/status").then().statusCode(200);
        given().get("/api/alerts").then().statusCode(200);
        given().post("/api/alerts/test").then().statusCode(401);
        given().header("X-API-Key", "wrong")
                .post("/api/alerts/some_alert/acknowledge")
                .then()
                .statusCode(401);
        given().header("X-API-Key", KEY)
                .post("/api/alerts/some_alert/acknowledge")
                .then()
                .statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", equalTo("no alert some_alert"));
        given().header("X-API-Key", KEY)
                .post("/api/alerts/test")
                .then()
                .statusCode(409)
                .body("error", equalTo("conflict"))
                .body("message", org.hamcrest.Matchers.startsWith("no notification channel"));
    }
}
