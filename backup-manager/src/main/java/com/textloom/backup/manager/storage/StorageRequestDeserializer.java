package com.textloom.backup.manager.storage;

import com.textloom.backup.manager.messaging.RequestDeserializer;

/**
 * The storage consumer's deserializer ({@link StorageRequestListener}): StorageSwitchRequested only, verbatim, every
 * other record passed on unread (the request consumer's).
 */
public class StorageRequestDeserializer extends RequestDeserializer {
    public StorageRequestDeserializer() {
        super(STORAGE_SWITCH::equals);
    }
}
