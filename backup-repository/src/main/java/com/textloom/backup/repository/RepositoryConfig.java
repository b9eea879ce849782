package com.textloom.backup.repository;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.textloom.backup.repository.chunker.ChunkerParams;
import java.io.IOException;
import java.util.Base64;

/**
 * The repository's {@code config} file (FORMAT.md §2, sealed): id, format version, chunker
 * parameters and pack size, fixed at {@link Repository#init}.
 */
public record RepositoryConfig(int version, String id, String created, Chunker chunker, int packSize) {

    /** The format version this build writes and reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Chunker parameters as stored. */
    public record Chunker(String algorithm, int minSize, int avgSize, int maxSize, String gearSeed) {}

    public ChunkerParams chunkerParams() {
        return new ChunkerParams(
                chunker.minSize(),
                chunker.avgSize(),
                chunker.maxSize(),
                Base64.getDecoder().decode(chunker.gearSeed()));
    }

    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RepositoryConfig parse(byte[] json) throws RepositoryException {
        RepositoryConfig c;
        try {
            c = JSON.readValue(json, RepositoryConfig.class);
        } catch (IOException e) {
            throw new RepositoryException("config is not valid JSON: " + e.getMessage(), e);
        }
        if (c.version != VERSION) {
            throw new RepositoryException("repository format version " + c.version
                    + " is not supported by this build (which reads version " + VERSION + ")");
        }
        if (c.chunker == null || !"fastcdc-gear-v1".equals(c.chunker.algorithm())) {
            throw new RepositoryException("config names an unknown chunker");
        }
        return c;
    }
}
