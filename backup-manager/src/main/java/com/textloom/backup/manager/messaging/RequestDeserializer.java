package com.textloom.backup.manager.messaging;

import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.support.messaging.SuiteEventDeserializer;
import java.util.function.Predicate;

/**
 * The suite's deserializer ({@link SuiteEventDeserializer}) on the manager's request channels, verbatim: each value's
 * exact bytes are kept for {@link RequestAdmission}, which checks the signature over them; an empty value reaches the
 * consumer as no event (refused as {@value RequestAdmission#EMPTY}); an unreadable one is dead-lettered by the connector
 * with the codec's reason. Each channel reads only what its consumer obeys, so that a record is dead-lettered by one
 * consumer at most: this one (channel {@code requests}) every type but StorageSwitchRequested, which
 * {@code storage.StorageRequestDeserializer} (channel {@code storage-requests}) reads alone.
 */
public class RequestDeserializer extends SuiteEventDeserializer {
    /** The {@code ce_type} of StorageSwitchRequested, the storage consumer's alone. */
    public static final String STORAGE_SWITCH = EventTypes.typeOf(StorageSwitchRequested.class);

    public RequestDeserializer() {
        this(type -> !STORAGE_SWITCH.equals(type));
    }

    /** Reads the types {@code takes} (the storage channel's: {@code storage.StorageRequestDeserializer}). */
    protected RequestDeserializer(Predicate<String> takes) {
        super(takes, true);
    }
}
