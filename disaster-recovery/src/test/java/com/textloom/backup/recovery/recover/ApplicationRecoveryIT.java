package com.textloom.backup.recovery.recover;

import static com.textloom.backup.recovery.recover.World.config;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * application_failure against a real process with a health URL ({@link TinyApp}): a drill checks the hook and the
 * URL without restarting anything; the process is killed for real (SIGKILL); a dry run leaves it dead; the recovery
 * restarts it through TEXTLOOM_APP_RESTART_COMMAND and polls its health URL until it answers.
 */
@QuarkusTest
@WithTestResource(TinyApp.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplicationRecoveryIT {

    @Test
    @Order(1)
    void drillChecksTheHookAndTheHealthUrlAndRestartsNothing() {
        JsonPath d = DatabaseRecoveryIT.await("/api/drills/"
                + given().header("X-API-Key", World.apiKey())
                        .contentType(ContentType.JSON)
                        .body(Map.of("scenario", "application_failure"))
                        .post("/api/drills")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("drill_id"));
        assertEquals("success", d.getString("status"), d.prettify());
        assertEquals(List.of("check_hook", "check_app_health"), d.getList("steps.name"));
        assertTrue(d.getString("steps[0].detail").contains("a drill does not run it"), d.prettify());
        assertEquals(300, d.getLong("rto_target_seconds"));
    }

    @Test
    @Order(2)
    void killedAppIsRestartedByItsHookUntilHealthy() throws Exception {
        TinyApp.kill(Path.of(config("test.app-dir")));
        assertThrows(IOException.class, ApplicationRecoveryIT::health);

        JsonPath dry = recover(true);
        assertEquals("success", dry.getString("status"), dry.prettify());
        assertTrue(
                dry.getString("steps.find { it.name == 'restart_app' }.status").equals("skipped"), dry.prettify());
        assertThrows(IOException.class, ApplicationRecoveryIT::health, "a dry run restarts nothing");

        JsonPath done = recover(false);
        assertEquals("success", done.getString("status"), done.prettify());
        assertEquals(
                "started tiny app", done.getString("steps.find { it.name == 'restart_app' }.output"), done.prettify());
        assertTrue(
                done.getString("steps.find { it.name == 'check_app_health' }.detail")
                        .startsWith("the application answered HTTP 200"),
                done.prettify());
        assertEquals(200, health());
        assertEquals(Boolean.TRUE, done.get("rto_met"));
    }

    private static JsonPath recover(boolean dryRun) {
        String id = given().header("X-API-Key", World.apiKey())
                .contentType(ContentType.JSON)
                .body(Map.of("scenario", "application_failure", "dry_run", dryRun))
                .post("/api/recoveries")
                .then()
                .statusCode(202)
                .extract()
                .path("recovery_id");
        return DatabaseRecoveryIT.await("/api/recoveries/" + id);
    }

    private static int health() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(config("textloom.app-health-url")))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
