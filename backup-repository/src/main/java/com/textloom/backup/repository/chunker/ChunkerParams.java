package com.textloom.backup.repository.chunker;

/**
 * FastCDC parameters, fixed per repository in its config (FORMAT.md §5).
 *
 * @param minSize no boundary before this many bytes (avg / 4)
 * @param avgSize the target average, a power of two
 * @param maxSize a chunk ends here regardless (min(avg * 4, 16 MiB))
 * @param gearSeed 32 secret bytes the gear table is derived from
 */
public record ChunkerParams(int minSize, int avgSize, int maxSize, byte[] gearSeed) {
    public ChunkerParams {
        if (Integer.bitCount(avgSize) != 1 || minSize <= 0 || minSize > avgSize || maxSize < avgSize) {
            throw new IllegalArgumentException("invalid chunker sizes " + minSize + "/" + avgSize + "/" + maxSize);
        }
        if (gearSeed == null || gearSeed.length != 32) {
            throw new IllegalArgumentException("the gear seed has 32 bytes");
        }
    }

    /** Largest chunk: 16 MiB. */
    public static final int MAX_CHUNK = 16 << 20;

    /** The parameters for an average size: min = avg/4, max = min(avg*4, 16 MiB). */
    public static ChunkerParams forAverage(int avg, byte[] gearSeed) {
        return new ChunkerParams(avg / 4, avg, Math.min(avg * 4, MAX_CHUNK), gearSeed);
    }
}
