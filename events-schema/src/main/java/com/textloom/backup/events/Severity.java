package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Severity of an alert. */
public enum Severity {
    @JsonProperty("info")
    INFO,
    @JsonProperty("warning")
    WARNING,
    @JsonProperty("critical")
    CRITICAL
}
