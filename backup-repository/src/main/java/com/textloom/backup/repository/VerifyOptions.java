package com.textloom.backup.repository;

import java.util.Set;

/**
 * What verify checks.
 *
 * <p>Read-data of a sample ({@link #readDataSample}): every run picks {@code readDataPercent} % of
 * the packs concerned (rounded up, at least one when there is any) uniformly at random, seeded from
 * {@link java.security.SecureRandom}, and reads only those; every pack has the same chance
 * {@code p} of being read in a run, independently of earlier runs. The quick checks (index loads,
 * every pack the index lists exists and is long enough, every blob a snapshot needs is indexed)
 * still cover every pack. Damage in one pack is therefore missed by {@code n} runs with
 * probability {@code (1 - p)^n}: daily runs at 15 % find it within a week with probability
 * {@code 1 - 0.85^7 ≈ 68 %} and within a month ({@code 30} runs) with {@code ≈ 99.2 %}; a week
 * at {@code ≥ 95 %} needs {@code p ≥ 35 %} ({@code 1 - 0.65^7 ≈ 95.1 %}).
 *
 * @param readData download, decrypt and authenticate the blobs of the packs read (otherwise:
 *     structure, index, every referenced blob exists)
 * @param snapshots restrict to these snapshot ids or prefixes; empty means all
 * @param readDataPercent with {@code readData}: the share of packs read, 1–100 (100 = every pack);
 *     ignored without {@code readData}
 */
public record VerifyOptions(boolean readData, Set<String> snapshots, int readDataPercent) {
    public VerifyOptions {
        snapshots = snapshots == null ? Set.of() : Set.copyOf(snapshots);
        if (readDataPercent < 0 || readDataPercent > 100) {
            throw new IllegalArgumentException("read-data percentage must be 0-100, not " + readDataPercent);
        }
        if (readData && readDataPercent == 0) {
            readData = false; // reading 0 % of the packs is the quick check
        }
    }

    /** {@code readData} reads every pack. */
    public VerifyOptions(boolean readData, Set<String> snapshots) {
        this(readData, snapshots, 100);
    }

    public static VerifyOptions quick() {
        return new VerifyOptions(false, Set.of());
    }

    public static VerifyOptions readAllData() {
        return new VerifyOptions(true, Set.of());
    }

    /** Reads {@code percent} % of the packs, chosen at random each run (0 = quick, 100 = all). */
    public static VerifyOptions readDataSample(int percent) {
        return new VerifyOptions(true, Set.of(), percent);
    }

    /** Whether only a sample of the packs is read. */
    public boolean sampled() {
        return readData && readDataPercent < 100;
    }
}
