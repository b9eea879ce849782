package com.textloom.backup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VariableRuleTest {

    @Test
    void acceptsTheGuidesOwnExampleValues() {
        assertOk(VariableRule.WHOLE_NUMBER, "7");
        assertOk(VariableRule.SIZE, "134217728");
        assertOk(VariableRule.SIZE, "128M");
        assertOk(VariableRule.BOOLEAN, "true");
        assertOk(VariableRule.ENDPOINT, "localhost:9000");
        assertOk(VariableRule.ENDPOINT, "obs.cn-north-4.myhuaweicloud.com");
        assertOk(VariableRule.ENDPOINT, "http://127.0.0.1:9000");
        assertOk(VariableRule.PORT, "587");
        assertOk(VariableRule.EMAIL, "alerts@yourdomain.com");
        assertOk(VariableRule.EMAIL_LIST, "admin@yourdomain.com, ops@yourdomain.com");
        assertOk(VariableRule.HTTP_URL, "https://hooks.slack.com/your/webhook/url");
        assertOk(VariableRule.SECONDS_OR_DURATION, "600");
        assertOk(VariableRule.SECONDS_OR_DURATION, "10m");
        assertOk(VariableRule.POSTGRES_URL, "postgresql://textloom:pw@localhost:5432/textloom");
        assertOk(VariableRule.REDIS_URL, "redis://localhost:6379/0");
        assertOk(VariableRule.HOST_PORT_LIST, "localhost:9092,127.0.0.1:9093");
        assertOk(VariableRule.PATH_LIST, "/tmp,./restore");
        assertOk(VariableRule.MODE, "standby");
        assertOk(VariableRule.NAMED_KEYS, "ops=k3y-one,ci=k3y-two");
        assertOk(VariableRule.FERNET_KEY, Base64.getUrlEncoder().encodeToString(new byte[32]));
    }

    @Test
    void namesWhatIsWrong() {
        assertEquals(Optional.of("not a whole number"), VariableRule.WHOLE_NUMBER.problem("abc"));
        assertEquals(Optional.of("must not be negative"), VariableRule.WHOLE_NUMBER.problem("-1"));
        assertEquals(Optional.of("must be at most 65535"), VariableRule.PORT.problem("70000"));
        assertEquals(Optional.of("not true or false"), VariableRule.BOOLEAN.problem("maybe"));
        assertEquals(Optional.of("not an http(s) URL"), VariableRule.HTTP_URL.problem("hooks.slack.com/x"));
        assertEquals(Optional.of("not an email address"), VariableRule.EMAIL.problem("admin"));
        assertTrue(VariableRule.FERNET_KEY.problem("c2hvcnQ=").isPresent());
        assertTrue(VariableRule.SIZE.problem("lots").isPresent());
        assertTrue(VariableRule.POSITIVE_NUMBER.problem("0").isPresent());
        assertTrue(VariableRule.NAMED_KEYS.problem("bad name=k3y").isPresent());
        assertTrue(VariableRule.HOST_PORT_LIST.problem("localhost").isPresent());
    }

    /** Before: {@code rediss://} passed the rule and every Redis backup then failed in the manager's source. */
    @Test
    void aTlsRedisUrlIsRefusedSayingWhy() {
        Optional<String> problem = VariableRule.REDIS_URL.problem("rediss://:pw@redis.example:6380/0");
        assertTrue(
                problem.isPresent()
                        && problem.get().startsWith("rediss:// (Redis over TLS) is not supported")
                        && problem.get().contains("redis://"),
                problem.toString());
        assertOk(VariableRule.REDIS_URL, "redis://:pw@redis.example:6379/2");
    }

    /**
     * Drift fixed: the time zones were TEXT in the catalogue, so a wrong BACKUP_RETENTION_TIMEZONE passed every
     * service's start-up check and failed only the manager's first retention run.
     */
    @Test
    void aTimeZoneIsOneZoneIdReads() {
        assertOk(VariableRule.TIME_ZONE, "Asia/Shanghai");
        assertOk(VariableRule.TIME_ZONE, "+08:00");
        assertOk(VariableRule.TIME_ZONE, "UTC");
        assertEquals(
                Optional.of("not a time zone id (examples: UTC, Asia/Shanghai, Europe/Berlin, +08:00)"),
                SuiteVariables.variable("BACKUP_RETENTION_TIMEZONE").problem("Mars/Olympus"));
        assertEquals(
                Optional.of("not a time zone id (examples: UTC, Asia/Shanghai, Europe/Berlin, +08:00)"),
                SuiteVariables.variable("BACKUP_SCHEDULE_TIMEZONE").problem("Mars/Olympus"));
    }

    @Test
    void anEmptyValueMeansNotSetAndPasses() {
        for (VariableRule rule : VariableRule.values()) {
            assertEquals(Optional.empty(), rule.problem(""), rule.name());
        }
    }

    @Test
    void mapsPropertyNamesToTheGuidesVariableNames() {
        assertEquals("BACKUP_DAILY_RETENTION_DAYS", Variable.environmentName("backup.daily-retention-days"));
        assertEquals("BACKUP_SMTP_PORT", Variable.environmentName("backup.smtp.port"));
        assertEquals("DATABASE_URL", Variable.environmentName("database.url"));
    }

    private static void assertOk(VariableRule rule, String value) {
        assertEquals(Optional.empty(), rule.problem(value), rule + " " + value);
    }
}
