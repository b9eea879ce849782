package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How an operation ended. {@code partial}: some components succeeded and at least one failed
 * (never reported as {@code success}).
 */
public enum Outcome {
    @JsonProperty("success")
    SUCCESS,
    @JsonProperty("partial")
    PARTIAL,
    @JsonProperty("failed")
    FAILED
}
