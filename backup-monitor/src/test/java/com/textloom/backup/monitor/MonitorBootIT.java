package com.textloom.backup.monitor;

import static org.hamcrest.Matchers.notNullValue;

import com.textloom.backup.support.testing.ServiceBootContract;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** backup-monitor boots against the real broker and answers health, readiness, metrics, OpenAPI and status. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class MonitorBootIT extends ServiceBootContract {

    MonitorBootIT() {
        super("backup-monitor");
    }

    /** The monitor answers the guide's status shape. */
    @Override
    protected void assertStatus(ValidatableResponse status) {
        status.body("monitoring_status", notNullValue())
                .body("current_metrics", notNullValue())
                .body("history_stats", notNullValue());
    }
}
