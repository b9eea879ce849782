package com.textloom.backup.repository.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the AES-GCM warm-up starts: after enough cold bytes, or at once when enough are announced; only once. */
class WarmUpTriggerTest {
    private static final long MIB = 1 << 20;

    @Test
    void startsWhenTheColdBytesReachTheThresholdAndOnlyThen() {
        WarmUpTrigger t = new WarmUpTrigger();
        assertFalse(t.cold(MasterKey.WARM_UP_AFTER - MIB));
        assertTrue(t.cold(MIB), "the blob that reaches WARM_UP_AFTER starts it");
        assertFalse(t.cold(MIB), "never twice");
        assertFalse(t.ahead(MasterKey.WARM_UP_AHEAD), "an announcement after it started starts nothing");
    }

    @Test
    void anAnnouncementStartsItBeforeAnyBlobWentThroughCold() {
        WarmUpTrigger t = new WarmUpTrigger();
        assertFalse(t.ahead(MasterKey.WARM_UP_AHEAD / 2));
        assertTrue(t.ahead(MasterKey.WARM_UP_AHEAD / 2), "a restore that will open WARM_UP_AHEAD starts it at once");
        assertFalse(t.cold(MasterKey.WARM_UP_AFTER), "never twice");
    }

    @Test
    void smallPiecesCountForNothing() {
        WarmUpTrigger t = new WarmUpTrigger();
        long small = MasterKey.WARM_UP_SIZE - 1;
        for (long sum = 0; sum < 2 * MasterKey.WARM_UP_AHEAD; sum += small) {
            assertFalse(t.ahead(small), "files shorter than a chunk: the JIT compiles their code on its own");
            assertFalse(t.cold(small));
        }
    }

    @Test
    void theAnnouncedAndTheColdBytesAreCountedApart() {
        WarmUpTrigger t = new WarmUpTrigger();
        assertFalse(t.ahead(MasterKey.WARM_UP_AFTER));
        assertFalse(t.cold(MasterKey.WARM_UP_AFTER - MIB), "announced bytes are not cold bytes");
        assertTrue(t.cold(MIB));
    }
}
