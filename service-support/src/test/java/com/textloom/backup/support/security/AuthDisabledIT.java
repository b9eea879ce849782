package com.textloom.backup.support.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code BACKUP_API_AUTH=disabled} without a key: everything is let through, and the start says so as a warning. */
@QuarkusTest
@TestProfile(AuthDisabledIT.Disabled.class)
@WithTestResource(KafkaTestResource.class)
class AuthDisabledIT {

    static final Path LOG = Path.of("target/logs/auth-disabled-it.log");

    /** No key, authentication explicitly off, the log in a file of its own. */
    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.deleteIfExists(LOG);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of(
                    "backup.api-key",
                    "",
                    "backup.api-auth",
                    "disabled",
                    "quarkus.log.file.enabled",
                    "true",
                    "quarkus.log.file.path",
                    LOG.toString());
        }
    }

    @Test
    void everyRequestIsLetThrough() {
        given().post("/test/things").then().statusCode(201).body("caller", equalTo("anonymous"));
        given().get("/test/things/details").then().statusCode(200);
    }

    @Test
    void theStartWarnsThatAuthenticationIsOff() throws Exception {
        String log = Files.readString(LOG);
        assertTrue(log.contains("WARN") && log.contains("BACKUP_API_AUTH=disabled: API authentication is OFF"), log);
    }
}
