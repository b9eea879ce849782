package com.textloom.backup.repository;

import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.repository.lock.LockOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Tuning of a repository handle. Chunker and pack parameters only matter when a repository is
 * created ({@link Repository#init}); afterwards the repository's config fixes them so every
 * writer chunks alike.
 *
 * @param parallelJobs worker threads for chunking, hashing, compression, encryption, uploads and
 *     restores ({@code BACKUP_PARALLEL_JOBS})
 * @param compressionEnabled zstd on new blobs ({@code BACKUP_COMPRESSION_ENABLED})
 * @param compressionLevel zstd level 1..19 ({@code BACKUP_COMPRESSION_LEVEL}, default 3)
 * @param averageChunkSize the chunker's target average ({@code BACKUP_CHUNK_SIZE}), see
 *     {@link #chunkAverageFor(long)}
 * @param packSize target pack size in bytes
 * @param host host name recorded in snapshots and locks
 * @param locking lease timing of the repository locks this handle takes ({@code null}: the
 *     defaults of {@link LockOptions#defaults})
 * @param lockWait how long an operation waits for a conflicting lock before it fails with
 *     {@link RepositoryLockedException} ({@code null}: 10 minutes)
 */
public record RepositoryOptions(
        int parallelJobs,
        boolean compressionEnabled,
        int compressionLevel,
        int averageChunkSize,
        int packSize,
        String host,
        LockOptions locking,
        Duration lockWait) {

    /** Smallest average chunk size accepted: 64 KiB. */
    public static final int MIN_AVERAGE_CHUNK = 64 << 10;
    /** Largest average chunk size accepted: 8 MiB (chunks are at most 4x the average). */
    public static final int MAX_AVERAGE_CHUNK = 8 << 20;
    /** Default target pack size: 16 MiB. */
    public static final int DEFAULT_PACK_SIZE = 16 << 20;

    public RepositoryOptions {
        if (parallelJobs < 1 || parallelJobs > 256) {
            throw new IllegalArgumentException("parallel jobs must be within 1..256: " + parallelJobs);
        }
        if (compressionLevel < 1 || compressionLevel > 19) {
            throw new IllegalArgumentException("compression level must be within 1..19: " + compressionLevel);
        }
        averageChunkSize = chunkAverageFor(averageChunkSize);
        if (packSize < (1 << 20) || packSize > (256 << 20)) {
            throw new IllegalArgumentException("pack size must be within 1 MiB..256 MiB: " + packSize);
        }
        if (host == null || host.isBlank()) {
            host = localHost();
        }
        if (locking == null) {
            locking = LockOptions.defaults(host, "textloom-backup");
        }
        if (lockWait == null) {
            lockWait = Duration.ofMinutes(10);
        }
    }

    /** The options of earlier builds, without lock settings (defaults for those). */
    public RepositoryOptions(
            int parallelJobs,
            boolean compressionEnabled,
            int compressionLevel,
            int averageChunkSize,
            int packSize,
            String host) {
        this(parallelJobs, compressionEnabled, compressionLevel, averageChunkSize, packSize, host, null, null);
    }

    /**
     * Defaults: what {@link #fromEnvironment} makes of an empty environment, the defaults of suite-config's
     * catalogue ({@code BACKUP_PARALLEL_JOBS} 2, zstd level 3, 1 MiB chunks), 16 MiB packs.
     */
    public static RepositoryOptions defaults() {
        return fromEnvironment(Map.of());
    }

    /**
     * From the guide's environment variables: {@code BACKUP_PARALLEL_JOBS},
     * {@code BACKUP_COMPRESSION_ENABLED}, {@code BACKUP_COMPRESSION_LEVEL}, {@code BACKUP_CHUNK_SIZE}
     * (bytes, or with a K/M/G suffix), {@code HOSTNAME}. One not set takes its default from suite-config's
     * catalogue ({@code SuiteVariables}), the one place the suite's defaults are written;
     * {@code BACKUP_PARALLEL_JOBS} is read by the catalogue's rule and bounds too. A bad value raises
     * {@link IllegalArgumentException} naming the variable.
     */
    public static RepositoryOptions fromEnvironment(Map<String, String> env) {
        int jobs = (int) SuiteVariables.number("BACKUP_PARALLEL_JOBS", env::get);
        boolean compress = bool(env, "BACKUP_COMPRESSION_ENABLED");
        int level = (int) number(env, "BACKUP_COMPRESSION_LEVEL");
        long chunk = number(env, "BACKUP_CHUNK_SIZE");
        try {
            return new RepositoryOptions(
                    jobs, compress, level, chunkAverageFor(chunk), DEFAULT_PACK_SIZE, env.get("HOSTNAME"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid environment: " + e.getMessage(), e);
        }
    }

    /**
     * How {@code BACKUP_CHUNK_SIZE} becomes the chunker's average: rounded down to a power of two
     * and clamped to 64 KiB..8 MiB. The guide's example of 134217728 (128 MB) is a compression
     * "block size"; content-defined chunks that large would defeat deduplication and hold too much
     * in memory, so it means "largest chunks": an 8 MiB average (chunks of 2..32 MiB).
     */
    public static int chunkAverageFor(long requested) {
        long v = Math.max(MIN_AVERAGE_CHUNK, Math.min(MAX_AVERAGE_CHUNK, requested));
        return (int) Long.highestOneBit(v);
    }

    public RepositoryOptions withParallelJobs(int v) {
        return new RepositoryOptions(
                v, compressionEnabled, compressionLevel, averageChunkSize, packSize, host, locking, lockWait);
    }

    public RepositoryOptions withCompression(boolean enabled, int level) {
        return new RepositoryOptions(parallelJobs, enabled, level, averageChunkSize, packSize, host, locking, lockWait);
    }

    public RepositoryOptions withAverageChunkSize(int v) {
        return new RepositoryOptions(
                parallelJobs, compressionEnabled, compressionLevel, v, packSize, host, locking, lockWait);
    }

    public RepositoryOptions withPackSize(int v) {
        return new RepositoryOptions(
                parallelJobs, compressionEnabled, compressionLevel, averageChunkSize, v, host, locking, lockWait);
    }

    public RepositoryOptions withHost(String v) {
        return new RepositoryOptions(
                parallelJobs,
                compressionEnabled,
                compressionLevel,
                averageChunkSize,
                packSize,
                v,
                new LockOptions(
                        locking.lease(),
                        locking.refreshInterval(),
                        locking.clockSkew(),
                        locking.retryInterval(),
                        v,
                        locking.process()),
                lockWait);
    }

    /** With other lock timing and wait (tests use short leases). */
    public RepositoryOptions withLocking(LockOptions l, Duration wait) {
        return new RepositoryOptions(
                parallelJobs, compressionEnabled, compressionLevel, averageChunkSize, packSize, host, l, wait);
    }

    /** {@code name}'s value, else the catalogue's default, as a number of bytes (K/M/G suffixes). */
    private static long number(Map<String, String> env, String name) {
        String v = setOrDefault(env, name);
        String s = v.trim().toUpperCase(Locale.ROOT).replaceAll("I?B$", "");
        long mult = 1;
        if (s.endsWith("K")) {
            mult = 1L << 10;
        } else if (s.endsWith("M")) {
            mult = 1L << 20;
        } else if (s.endsWith("G")) {
            mult = 1L << 30;
        }
        if (mult > 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Long.parseLong(s.trim()) * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: '" + v + "'");
        }
    }

    private static boolean bool(Map<String, String> env, String name) {
        String v = setOrDefault(env, name);
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false: '" + v + "'");
        };
    }

    private static String setOrDefault(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? SuiteVariables.variable(name).defaultValue() : v;
    }

    private static String localHost() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
