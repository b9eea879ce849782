package com.textloom.backup.manager.source;

import java.io.IOException;
import java.io.InputStream;

/** Opens a stream stored by a backup ({@code repo.dumpStream} in the service) for a restore. */
@FunctionalInterface
public interface StreamOpener {
    InputStream open(String streamName) throws IOException;
}
