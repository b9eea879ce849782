package com.textloom.backup.manager.source.redis;

import java.io.IOException;

/** The RDB stream is not what Redis writes (corrupt, truncated, or a type we cannot handle). */
public class RdbFormatException extends IOException {
    public RdbFormatException(String message) {
        super(message);
    }
}
