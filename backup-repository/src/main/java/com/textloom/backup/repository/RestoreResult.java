package com.textloom.backup.repository;

import java.util.List;

/**
 * What a restore did.
 *
 * @param skipped paths not restored, each with the reason (escaping symlink, special file)
 */
public record RestoreResult(long files, long dirs, long symlinks, long bytes, List<String> skipped) {
    public RestoreResult {
        skipped = List.copyOf(skipped);
    }
}
