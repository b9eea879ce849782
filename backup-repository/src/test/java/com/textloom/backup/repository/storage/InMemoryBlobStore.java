package com.textloom.backup.repository.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test kit: a {@link BlobStore} in a map, for tests of code above the SPI (decorators, copy).
 * It keeps the SPI's guarantees (its own contract test proves it); blobs live in memory, so it
 * is for small test data only.
 */
public class InMemoryBlobStore implements BlobStore {
    private final String name;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

    public InMemoryBlobStore(String name) {
        this.name = name;
    }

    @Override
    public void put(String blob, InputStream data, long length) throws IOException {
        BlobName.requireValid(blob);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        LengthCheckedInputStream checked = new LengthCheckedInputStream(data, blob, length);
        checked.transferTo(buffer);
        checked.requireEnd();
        blobs.put(blob, buffer.toByteArray());
    }

    @Override
    public InputStream open(String blob) throws IOException {
        return new ByteArrayInputStream(bytes(blob));
    }

    @Override
    public InputStream openRange(String blob, long offset, long length) throws IOException {
        byte[] bytes = bytes(blob);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length);
        }
        if (offset + length > bytes.length) {
            throw new StorageException("range " + offset + "+" + length + " is past the end of blob " + blob + " ("
                    + bytes.length + " bytes) in " + describe());
        }
        return new ByteArrayInputStream(bytes, (int) offset, (int) length);
    }

    @Override
    public BlobInfo stat(String blob) throws IOException {
        return new BlobInfo(blob, bytes(blob).length);
    }

    @Override
    public List<BlobInfo> list(String prefix) {
        BlobName.requireValidPrefix(prefix);
        List<BlobInfo> result = new ArrayList<>();
        blobs.forEach((n, b) -> {
            if (n.startsWith(prefix)) {
                result.add(new BlobInfo(n, b.length));
            }
        });
        return result;
    }

    @Override
    public void delete(String blob) {
        BlobName.requireValid(blob);
        blobs.remove(blob);
    }

    @Override
    public String describe() {
        return "memory:" + name;
    }

    private byte[] bytes(String blob) throws BlobNotFoundException {
        BlobName.requireValid(blob);
        byte[] bytes = blobs.get(blob);
        if (bytes == null) {
            throw new BlobNotFoundException(describe(), blob);
        }
        return bytes;
    }
}
