package com.textloom.backup.scheduler.schedule;

/** A schedule variable has a value the scheduler cannot use; the message names the variable and its value. */
public class ScheduleConfigException extends RuntimeException {

    private final String variable;

    public ScheduleConfigException(String variable, String value, String reason) {
        super(variable + "=\"" + value + "\" is invalid: " + reason);
        this.variable = variable;
    }

    /** The environment variable (or property) whose value is wrong, e.g. {@code BACKUP_SCHEDULE_DAILY}. */
    public String variable() {
        return variable;
    }
}
