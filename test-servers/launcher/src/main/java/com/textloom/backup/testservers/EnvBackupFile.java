package com.textloom.backup.testservers;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The {@code .env.backup} a {@link PackagedService} reads from its working directory, written as a user copies and
 * edits {@code .env.backup.example}, and a fresh {@code BACKUP_ENCRYPTION_KEY} for it.
 *
 * <p>Guarantees: the directory is created 0700 if missing, the file is (re)written 0600 (it holds keys); a value is
 * written as given, one {@code NAME=value} line per variable, in the map's order.
 */
public final class EnvBackupFile {

    private EnvBackupFile() {}

    /** Writes {@code dir/.env.backup} with {@code variables}; {@code writer} names who wrote it (a comment line). */
    public static Path write(Path dir, Map<String, String> variables, String writer) {
        Directories.createPrivate(dir);
        StringBuilder text = new StringBuilder("# written by ").append(writer).append('\n');
        variables.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path file = dir.resolve(".env.backup");
        Directories.writePrivate(file, text.toString());
        return file;
    }

    /** A new key as {@code Fernet.generate_key()} prints it: URL-safe base64 of 32 random bytes. */
    public static String newEncryptionKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().encodeToString(key);
    }
}
