package com.textloom.backup.repository;

/**
 * What prune did (or, in a dry run, would do).
 *
 * @param packsDeleted packs removed (no used blob left, repacked, or orphaned)
 * @param packsRepacked packs whose used blobs were copied into new packs
 * @param blobsRemoved unreferenced blobs dropped from the index
 * @param bytesFreed bytes of storage freed, net of the new packs
 * @param orphanPacksKept packs in no index that are younger than the safety margin
 */
public record PruneReport(
        boolean dryRun, int packsDeleted, int packsRepacked, long blobsRemoved, long bytesFreed, int orphanPacksKept) {}
