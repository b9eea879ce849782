package com.textloom.backup.manager.service;

import com.textloom.backup.repository.RepositoryException;

/**
 * The configured repository is not the one this manager backs up into ({@link RepositoryIdentity}): it is gone
 * ({@link Kind#LOST}: the directory or the store's {@code config} no longer exists) or another repository is there
 * ({@link Kind#REPLACED}: another id). The manager writes nothing there until the repository is put back or a new
 * one is accepted on purpose ({@code POST /api/repository/accept-new}).
 */
public class RepositoryLostException extends RepositoryException {
    /** What happened to the repository. */
    public enum Kind {
        LOST,
        REPLACED
    }

    private final Kind kind;

    public RepositoryLostException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Lost or replaced. */
    public Kind kind() {
        return kind;
    }
}
