package com.textloom.backup.repository;

/**
 * No key slot of the repository opens with the key or passphrase given
 * ({@code BACKUP_ENCRYPTION_KEY}). Nothing was read or written.
 */
public class WrongKeyException extends RepositoryException {
    public WrongKeyException(String message) {
        super(message);
    }
}
