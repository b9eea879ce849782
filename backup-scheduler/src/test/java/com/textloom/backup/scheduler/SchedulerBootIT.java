package com.textloom.backup.scheduler;

import com.textloom.backup.support.testing.ServiceBootContract;
import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** backup-scheduler boots against the real broker and answers health, readiness, metrics, OpenAPI and status. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class SchedulerBootIT extends ServiceBootContract {

    SchedulerBootIT() {
        super("backup-scheduler");
    }
}
