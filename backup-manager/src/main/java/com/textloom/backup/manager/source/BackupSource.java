package com.textloom.backup.manager.source;

/**
 * One part of the TextLoom application that the manager backs up and restores, named by the
 * guide's component names ({@code database}, {@code redis}, {@code workspace}, {@code logs}).
 *
 * <p>Guarantees every implementation gives:
 * <ul>
 *   <li>{@link #backup} hands its data to the sink as streams or file trees, never staging a whole
 *       dump in memory or in a temporary file;</li>
 *   <li>a stream handed to the sink ends normally only if the source produced it completely; if the
 *       underlying tool or server fails midway, reading the stream throws an {@link java.io.IOException}
 *       naming the reason, so the caller never commits a half component;</li>
 *   <li>a failure is reported as a {@link SourceException} with a reason a user can act on, and
 *       secrets (passwords in URLs) never appear in it.</li>
 * </ul>
 */
public interface BackupSource {

    /** The guide's component name, e.g. {@code database}. */
    String component();

    /**
     * Backs the component up into the sink.
     *
     * @return the figures recorded for the component (row counts, digests, key counts) and any
     *         warnings; figures are computed on the same point in time as the data handed to the sink
     */
    ComponentResult backup(ComponentSink sink) throws SourceException;
}
