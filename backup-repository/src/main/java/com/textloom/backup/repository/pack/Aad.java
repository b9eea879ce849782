package com.textloom.backup.repository.pack;

/** The associated data that binds each sealed box to its identity (FORMAT.md §4). */
public final class Aad {
    private Aad() {}

    /** For a data or tree blob. */
    public static String blob(BlobType type, BlobId id) {
        return "textloom-blob:v1:" + type.label() + ":" + id.hex();
    }

    /** For a pack header. */
    public static String packHeader(String packId) {
        return "textloom-pack-header:v1:" + packId;
    }

    /** For a metadata file: {@code config}, {@code index/<id>}, {@code snapshots/<id>}. */
    public static String file(String name) {
        return "textloom-file:v1:" + name;
    }
}
