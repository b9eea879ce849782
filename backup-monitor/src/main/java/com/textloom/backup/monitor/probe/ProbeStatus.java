package com.textloom.backup.monitor.probe;

import java.time.Instant;

/**
 * The outcome of one probe of a service or storage backend.
 *
 * @param name      service or backend name
 * @param target    what was probed (URL or path); never carries credentials
 * @param up        whether it answered as expected
 * @param detail    status code or error, for humans
 * @param checkedAt when it was probed
 */
public record ProbeStatus(String name, String target, boolean up, String detail, Instant checkedAt) {}
