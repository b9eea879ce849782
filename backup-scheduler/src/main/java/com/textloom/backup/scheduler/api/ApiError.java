package com.textloom.backup.scheduler.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The body of every error answer: {@code {"error": "..."}}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiError(String error) {
}
