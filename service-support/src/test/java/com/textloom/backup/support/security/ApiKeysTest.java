package com.textloom.backup.support.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {

    @Test
    void namedKeysAndTheSingleKeyAreAllAcceptedEachWithItsName() {
        ApiKeys keys = ApiKeys.parse("ops:k3y-for-ops, ci:k3y-for-ci", "the-single-key");
        assertTrue(keys.required());
        assertEquals(Optional.of("ops"), keys.match("k3y-for-ops"));
        assertEquals(Optional.of("ci"), keys.match("k3y-for-ci"));
        assertEquals(Optional.of(ApiKeys.DEFAULT_NAME), keys.match("the-single-key"));
        assertEquals(Optional.empty(), keys.match("k3y-for-op"));
        assertEquals(Optional.empty(), keys.match(null));
        assertEquals(List.of("ops", "ci", "api"), keys.names());
    }

    @Test
    void withoutKeysNothingIsRequired() {
        ApiKeys keys = ApiKeys.parse(null, " ");
        assertFalse(keys.required());
        assertEquals(Optional.empty(), keys.match("anything"));
    }

    @Test
    void aMalformedListIsRefusedWithoutShowingAKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.parse("ops:s3cr3t,just-a-s3cr3t-without-name", null));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void toStringShowsNamesNeverKeys() {
        assertEquals("ApiKeys[ops]", ApiKeys.parse("ops:s3cr3t", null).toString());
    }
}
