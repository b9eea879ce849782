package com.textloom.backup.repository;

import java.util.List;

/**
 * What {@link Repository#repairIndex()} did.
 *
 * @param packsRead packs whose header was read and authenticated
 * @param packsNewlyIndexed of those, packs no readable index file listed before (those of damaged
 *     index files, and leftovers of interrupted backups)
 * @param unreadablePacks packs whose header could not be read ({@code data/xx/<id>: reason}); their
 *     blobs stay indexed only as far as a readable old index file listed them
 * @param missingPacksDropped packs a readable old index file listed that are not in the store
 * @param blobsIndexed entries in the new index
 * @param indexFilesWritten new index files
 * @param indexFilesRemoved old index files removed ({@code index/<id>}), damaged ones included
 * @param damagedIndexFiles the old index files that were damaged ({@code index/<id>})
 */
public record IndexRepairReport(
        int packsRead,
        int packsNewlyIndexed,
        List<String> unreadablePacks,
        int missingPacksDropped,
        long blobsIndexed,
        int indexFilesWritten,
        List<String> indexFilesRemoved,
        List<String> damagedIndexFiles) {

    public IndexRepairReport {
        unreadablePacks = List.copyOf(unreadablePacks);
        indexFilesRemoved = List.copyOf(indexFilesRemoved);
        damagedIndexFiles = List.copyOf(damagedIndexFiles);
    }
}
