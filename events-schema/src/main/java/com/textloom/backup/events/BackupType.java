package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The guide's backup types ({@code backup_manager.py backup --type ...}).
 * {@code full} re-reads everything, {@code incremental} skips unchanged files using the parent
 * snapshot; {@code daily}, {@code weekly} and {@code monthly} are retention tiers (incremental reading,
 * kept 7 / 4 / 12 by default).
 */
public enum BackupType {
    @JsonProperty("full")
    FULL,
    @JsonProperty("incremental")
    INCREMENTAL,
    @JsonProperty("daily")
    DAILY,
    @JsonProperty("weekly")
    WEEKLY,
    @JsonProperty("monthly")
    MONTHLY
}
