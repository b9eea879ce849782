package com.textloom.backup.support.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped default, {@code BACKUP_API_KEY} unset and {@code BACKUP_API_AUTH} not set: authentication fails closed.
 * Changes and protected reads are refused with a 401 that says which variable to set; plain reads stay open.
 */
@QuarkusTest
@TestProfile(NoApiKeyIT.NoKey.class)
@WithTestResource(KafkaTestResource.class)
class NoApiKeyIT {

    /** No key configured (the test application's key is removed). */
    public static class NoKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("backup.api-key", "");
        }
    }

    @Test
    void aWriteIsRefusedNamingTheVariableToSet() {
        given().post("/test/things")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("X-API-Key"))
                .body("error", equalTo("unauthorized"))
                .body(
                        "message",
                        allOf(
                                containsString("no API key configured"),
                                containsString("BACKUP_API_KEY"),
                                containsString("BACKUP_API_AUTH=disabled")));
        given().header("X-API-Key", "anything").post("/test/things").then().statusCode(401);
    }

    @Test
    void aProtectedReadIsRefusedAndAPlainReadIsNot() {
        given().get("/test/things/details").then().statusCode(401).body("message", containsString("BACKUP_API_KEY"));
        given().get("/test/things").then().statusCode(200).body("caller", equalTo("anonymous"));
    }
}
