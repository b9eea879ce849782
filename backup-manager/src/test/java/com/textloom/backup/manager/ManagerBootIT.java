package com.textloom.backup.manager;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.textloom.backup.support.testing.ServiceBootContract;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** backup-manager boots against the real broker and answers health, readiness, metrics, OpenAPI and status. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ManagerBootIT extends ServiceBootContract {

    ManagerBootIT() {
        super("backup-manager");
    }

    /** The manager's own status: the service, its repository and the last backup. */
    @Override
    protected void assertStatus(ValidatableResponse status) {
        status.body("service", equalTo("backup-manager"))
                .body("status", notNullValue())
                .body("repository_name", notNullValue());
    }
}
