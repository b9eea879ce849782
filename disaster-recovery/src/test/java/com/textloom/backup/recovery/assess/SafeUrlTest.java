package com.textloom.backup.recovery.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What an assessment shows of a URL: never user info, password or query. */
class SafeUrlTest {

    @Test
    void describeLeavesOutUserInfoAndQuery() {
        assertEquals(
                "postgresql://db:5432/textloom",
                SafeUrl.describe("postgresql://app:s3cret@db:5432/textloom?sslmode=require&password=x"));
        assertEquals("redis://cache:6379/0", SafeUrl.describe("redis://:s3cret@cache:6379/0"));
        assertEquals("http://app/health", SafeUrl.describe("http://app/health?token=abc"));
        assertEquals("(an unreadable URL)", SafeUrl.describe("http://bad host/"));
    }

    @Test
    void scrubRemovesThePasswordFromAMessage() {
        assertEquals(
                "cannot connect to redis://***@cache:6379 (auth *** refused)",
                SafeUrl.scrub(
                        "cannot connect to redis://:s3cret@cache:6379 (auth s3cret refused)",
                        "redis://:s3cret@cache:6379/0"));
        assertEquals("refused", SafeUrl.scrub("refused", "postgresql://db/textloom"));
    }
}
