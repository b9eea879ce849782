/**
 * Every event of TextLoom Backup, in one place.
 *
 * <p>Each event is an immutable Java record implementing {@link com.textloom.backup.events.SuiteEvent}.
 * Its JSON form uses snake_case field names, omits absent (null) optional fields and ignores
 * fields it does not know, so a producer may add a field without breaking older consumers.
 * Events travel on Kafka as CloudEvents in binary mode: the record is the payload, the CloudEvents
 * attributes ({@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time}, {@code ce_subject},
 * {@code ce_specversion}) are record headers. {@link com.textloom.backup.events.EventTypes} gives the
 * versioned {@code type} of each record, {@link com.textloom.backup.events.Topics} the topic it is
 * published on, and the Kafka key is always {@link com.textloom.backup.events.SuiteEvent#repository()}.
 * The catalogue is {@code events-schema/README.md}; the JSON Schema of each event is
 * {@code schemas/<type-name>.schema.json} on the classpath.
 */
package com.textloom.backup.events;
