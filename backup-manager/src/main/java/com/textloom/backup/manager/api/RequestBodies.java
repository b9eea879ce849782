package com.textloom.backup.manager.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.textloom.backup.support.json.JsonRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * The manager's REST request bodies, read strictly ({@link JsonRequest}: an unknown field, a wrong JSON type or a
 * value out of range is a 400 naming the field). Field names are snake_case; the camelCase spelling of the guide's
 * examples ({@code readData}, {@code targetDir}) is accepted too. Every field is optional: no body, an empty one,
 * {@code null} and {@code {}} are each endpoint's defaults ({@link #orDefaults}).
 */
public final class RequestBodies {
    /** A string with something other than white space. */
    static final String NOT_BLANK = "(?s).*\\S.*";

    static final String NOT_BLANK_MESSAGE = "must be a non-empty string";

    private RequestBodies() {}

    /** {@code POST /api/backups}: {@code type} (default full) and {@code components} (default all). */
    @JsonRequest
    public record Backup(
            @Pattern(
                    regexp = "full|incremental|daily|weekly|monthly",
                    flags = Pattern.Flag.CASE_INSENSITIVE,
                    message = "must be one of full, incremental, daily, weekly, monthly")
            String type,

            List<@NotNull(message = "must be a list of strings") String> components) {}

    /** {@code POST /api/backups/{id}/verify}: {@code read_data} (default: true when a percent is given), percent. */
    @JsonRequest
    public record Verify(
            @JsonAlias("readData") Boolean readData,

            @JsonAlias("readDataPercent")
            @Min(value = 1, message = "must be a whole number from 1 to 100")
            @Max(value = 100, message = "must be a whole number from 1 to 100")
            Integer readDataPercent) {}

    /** {@code POST /api/backups/{id}/restore}: what to restore, where, and whether over live data. */
    @JsonRequest
    public record Restore(
            List<@NotNull(message = "must be a list of strings") String> components,

            @JsonAlias("targetDir") @Pattern(regexp = NOT_BLANK, message = NOT_BLANK_MESSAGE)
            String targetDir,

            @JsonAlias("targetDatabase") @Pattern(regexp = NOT_BLANK, message = NOT_BLANK_MESSAGE)
            String targetDatabase,

            @JsonAlias("targetRedis")
            @Pattern(
                    regexp = "(?s)[^@]*[^@\\s][^@]*",
                    message = "must be a non-empty string"
                            + " without credentials (the manager uses REDIS_URL's for the same server)")
            String targetRedis,

            @JsonAlias("inPlace") Boolean inPlace,
            @JsonAlias("dryRun") Boolean dryRun) {}

    /** {@code POST /api/retention}: a dry run or not, and the policy (each count defaults to 7, 4, 12). */
    @JsonRequest
    public record Retention(
            @JsonAlias("dryRun") Boolean dryRun,

            @JsonAlias("keepDaily") @PositiveOrZero(message = "must be a non-negative integer")
            Integer keepDaily,

            @JsonAlias("keepWeekly") @PositiveOrZero(message = "must be a non-negative integer")
            Integer keepWeekly,

            @JsonAlias("keepMonthly") @PositiveOrZero(message = "must be a non-negative integer")
            Integer keepMonthly) {}

    /** {@code POST /api/repository/accept-new}: the id of the repository the operator declares lost. */
    @JsonRequest
    public record AcceptNew(
            @JsonAlias("forgetRepositoryId") @Pattern(regexp = NOT_BLANK, message = NOT_BLANK_MESSAGE)
            String forgetRepositoryId) {}

    /** {@code body}, or {@code defaults} when there was none (no body, empty, {@code null}). */
    static <T> T orDefaults(T body, T defaults) {
        return body == null ? defaults : body;
    }

    /** A list field: absent means empty. */
    static List<String> list(List<String> value) {
        return value == null ? List.of() : value;
    }

    /** A boolean field with its default. */
    static boolean flag(Boolean value, boolean dflt) {
        return value == null ? dflt : value;
    }
}
