package com.textloom.backup.support.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void aSingleKeyIsTheGuidesBackupUser() {
        ApiKeys keys = ApiKeys.parse("the-single-key");
        assertTrue(keys.required());
        assertEquals(Optional.of("backup"), keys.match("the-single-key"));
        assertEquals(Optional.empty(), keys.match("the-single-ke"));
        assertEquals(Optional.empty(), keys.match(null));
    }

    @Test
    void namedKeysAreEachAttributedToTheirName() {
        ApiKeys keys = ApiKeys.parse("ops=k3y-for-ops, ci=k3y-for-ci, bare-key");
        assertEquals(Optional.of("ops"), keys.match("k3y-for-ops"));
        assertEquals(Optional.of("ci"), keys.match("k3y-for-ci"));
        assertEquals(Optional.of("backup"), keys.match("bare-key"));
        assertEquals(List.of("ops", "ci", "backup"), keys.names());
    }

    @Test
    void base64PaddingIsPartOfABareKeyNotANameSeparator() {
        ApiKeys keys = ApiKeys.parse("c2VjcmV0a2V5==");
        assertEquals(Optional.of("backup"), keys.match("c2VjcmV0a2V5=="));
    }

    @Test
    void withoutKeysNothingIsRequired() {
        ApiKeys keys = ApiKeys.parse(" ");
        assertFalse(keys.required());
        assertEquals(Optional.empty(), keys.match("anything"));
    }

    @Test
    void aMalformedNameIsRefusedWithoutShowingAKey() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("ops=s3cr3t,bad name=an0ther-s3cr3t"));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void toStringShowsNamesNeverKeys() {
        assertEquals("ApiKeys[ops]", ApiKeys.parse("ops=s3cr3t").toString());
    }
}
