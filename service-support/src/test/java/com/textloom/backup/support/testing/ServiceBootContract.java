package com.textloom.backup.support.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/**
 * What every service answers once booted: liveness, readiness against the real broker, Prometheus
 * metrics, OpenAPI and {@code GET /api/status} (by default the common status; see {@link #assertStatus}). A service's test only names the
 * service and the broker resource:
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(KafkaTestResource.class)
 * class ManagerBootIT extends ServiceBootContract {
 *     ManagerBootIT() { super("backup-manager"); }
 * }
 * }</pre>
 *
 * Shipped in service-support's test jar ({@code <type>test-jar</type>}).
 */
public abstract class ServiceBootContract {

    private final String service;

    protected ServiceBootContract(String service) {
        this.service = service;
    }

    @Test
    void isLiveAndNamesItself() {
        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(service));
    }

    @Test
    void isReadyBecauseTheBrokerAnswers() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka-broker' }.status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("http_server_"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("openapi:"))
                .body(containsString("/api/status"));
    }

    @Test
    void answersGetApiStatus() {
        assertStatus(given().get("/api/status").then().statusCode(200));
    }

    /**
     * Checks the service's {@code GET /api/status} answer; by default the common {@code ServiceStatus}
     * (snake_case). A service with its own status shape overrides this.
     */
    protected void assertStatus(ValidatableResponse status) {
        status.body("service", equalTo(service))
                .body("status", equalTo("running"))
                .body("version", notNullValue())
                .body("started_at", notNullValue())
                .body("uptime_seconds", greaterThanOrEqualTo(0))
                .body("broker.reachable", equalTo(true))
                .body("broker.bootstrap_servers", notNullValue());
    }
}
