package com.textloom.backup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamedKeyTest {

    @Test
    void readsBareAndNamedKeysAsTheManagerDoes() {
        assertEquals(List.of(), NamedKey.parse(null));
        assertEquals(List.of(), NamedKey.parse(" "));
        assertEquals(List.of(new NamedKey("backup", "k3y")), NamedKey.parse("k3y"));
        assertEquals(
                List.of(new NamedKey("backup", "YWJjZA==")),
                NamedKey.parse("YWJjZA=="),
                "base64 padding is not a name=key separator");
        assertEquals(
                List.of(new NamedKey("ops", "k3y-1"), new NamedKey("ci", "k3y-2=")),
                NamedKey.parse(" ops = k3y-1 ,, ci=k3y-2="));
    }

    @Test
    void aBadNameIsNamedAndTheKeyNeverShown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NamedKey.parse("a b=s3cr3t"));
        assertEquals("key name 'a b' is not letters, digits, . _ - @", e.getMessage());
        assertFalse(new NamedKey("ops", "s3cr3t").toString().contains("s3cr3t"));
    }
}
