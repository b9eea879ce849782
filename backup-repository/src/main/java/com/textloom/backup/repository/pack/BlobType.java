package com.textloom.backup.repository.pack;

/** What a blob holds (FORMAT.md §1); the code is its byte in pack headers and index files. */
public enum BlobType {
    DATA(0, "data"),
    TREE(1, "tree");

    private final int code;
    private final String label;

    BlobType(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    /** {@code data} / {@code tree}, as in associated data and reports. */
    public String label() {
        return label;
    }

    public static BlobType ofCode(int code) {
        return switch (code) {
            case 0 -> DATA;
            case 1 -> TREE;
            default -> throw new IllegalArgumentException("unknown blob type code " + code);
        };
    }
}
