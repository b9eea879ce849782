package com.textloom.backup.repository.storage;

/** The test kit's in-memory store keeps the SPI's guarantees, so tests built on it mean something. */
class InMemoryBlobStoreContractTest extends BlobStoreContractTest {
    @Override
    protected BlobStore newStore() {
        return new InMemoryBlobStore("contract");
    }

    @Override
    protected long largeBlobSize() {
        return 4L << 20;
    }
}
