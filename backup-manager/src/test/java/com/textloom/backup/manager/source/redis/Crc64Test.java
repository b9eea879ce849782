package com.textloom.backup.manager.source.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Crc64Test {
    @Test
    void matchesTheCheckValueRedisTestsAgainst() {
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void eightBytesAtATimeGiveTheSameAsByteByByteForAnyLengthAndSplit() {
        SplittableRandom r = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[r.nextInt(300)];
            r.nextBytes(data);
            Crc64 bytewise = new Crc64();
            for (byte b : data) {
                bytewise.update(b);
            }
            int split = data.length == 0 ? 0 : r.nextInt(data.length);
            Crc64 sliced = new Crc64();
            sliced.update(data, 0, split);
            sliced.update(data, split, data.length - split);
            assertEquals(bytewise.value(), sliced.value(), "length " + data.length + ", split at " + split);
        }
    }
}
