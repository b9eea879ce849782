package com.textloom.backup.repository.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"config", "keys/k1", "data/3f/3fa1b2", "locks/a.b-c_d"})
    void acceptsRepositoryLayoutNames(String name) {
        assertEquals(name, BlobName.requireValid(name));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "/config",
                "data/",
                "data//x",
                "../x",
                "data/../config",
                "a..b",
                "data/x y",
                "data\\x",
                "é",
                "data/./x/.."
            })
    void rejectsNamesOutsideTheRule(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlobName.requireValid(name));
        assertEquals("invalid blob name: '" + name + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "data/", "data/3", "snapshots/", "data/3f/"})
    void acceptsPrefixesThatStartAName(String prefix) {
        assertEquals(prefix, BlobName.requireValidPrefix(prefix));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/data", "data//", "..", "data/.."})
    void rejectsBadPrefixes(String prefix) {
        assertThrows(IllegalArgumentException.class, () -> BlobName.requireValidPrefix(prefix));
    }

    @Test
    void lengthCheckFailsAStreamShorterThanDeclared() {
        InputStream in = new LengthCheckedInputStream(new ByteArrayInputStream(new byte[10]), "b", 11);
        IOException e = assertThrows(IOException.class, in::readAllBytes);
        assertEquals("stream for blob b ended after 10 of 11 declared bytes", e.getMessage());
    }

    @Test
    void lengthCheckFailsTheLastReadOfAStreamLongerThanDeclared() throws IOException {
        InputStream in = new LengthCheckedInputStream(new ByteArrayInputStream(new byte[10]), "b", 9);
        byte[] buf = new byte[4];
        assertEquals(4, in.read(buf));
        assertEquals(4, in.read(buf));
        IOException e = assertThrows(IOException.class, () -> in.read(buf));
        assertEquals("stream for blob b is longer than the declared 9 bytes", e.getMessage());
    }

    @Test
    void lengthCheckPassesAStreamOfTheDeclaredLength() throws IOException {
        InputStream in = new LengthCheckedInputStream(new ByteArrayInputStream(new byte[10]), "b", 10);
        assertEquals(10, in.readAllBytes().length);
    }
}
