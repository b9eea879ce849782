package com.textloom.backup.manager;

import com.textloom.backup.support.testing.ServiceBootContract;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** backup-manager boots against the real broker and answers health, readiness, metrics, OpenAPI and status. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ManagerBootIT extends ServiceBootContract {

    ManagerBootIT() {
        super("backup-manager");
    }
}
