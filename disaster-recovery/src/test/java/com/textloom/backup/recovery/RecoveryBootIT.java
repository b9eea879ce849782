package com.textloom.backup.recovery;

import com.textloom.backup.support.testing.ServiceBootContract;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** disaster-recovery boots against the real broker and answers health, readiness, metrics, OpenAPI and status. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class RecoveryBootIT extends ServiceBootContract {

    RecoveryBootIT() {
        super("disaster-recovery");
    }
}
