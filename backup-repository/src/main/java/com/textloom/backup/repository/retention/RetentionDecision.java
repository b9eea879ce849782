package com.textloom.backup.repository.retention;

import java.util.List;

/**
 * What retention decided for one snapshot.
 *
 * @param snapshot the snapshot
 * @param keep whether it stays
 * @param reasons why: for a kept snapshot each rule that kept it ({@code last},
 *     {@code daily 2025-08-20}, {@code weekly 2025-W34}, {@code monthly 2025-08},
 *     {@code newest successful}); for a forgotten one a single explanation
 */
public record RetentionDecision(RetentionCandidate snapshot, boolean keep, List<String> reasons) {
    public RetentionDecision {
        reasons = List.copyOf(reasons);
    }
}
