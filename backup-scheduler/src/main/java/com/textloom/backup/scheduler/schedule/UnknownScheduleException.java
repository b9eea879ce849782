package com.textloom.backup.scheduler.schedule;

import java.util.List;

/** A schedule name that the catalog does not have; the message lists the known names. */
public class UnknownScheduleException extends RuntimeException {

    public UnknownScheduleException(String name, List<String> known) {
        super("unknown schedule '" + name + "'; known schedules: " + String.join(", ", known));
    }
}
