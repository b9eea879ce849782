package com.textloom.backup.recovery.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.textloom.backup.support.json.JsonRequest;
import jakarta.validation.constraints.Pattern;

/**
 * The bodies of {@code POST /api/recoveries} and {@code POST /api/drills}, read strictly ({@link JsonRequest}: an
 * unknown field or a wrong JSON type is a 400 naming the field). {@code scenario} is required (checked by
 * {@link RunApi}); {@code backup_id} and {@code source} are plain text values; the flags default to false.
 */
public final class RunBodies {
    static final String PLAIN = "[A-Za-z0-9._:/@+-]{1,200}";
    static final String PLAIN_MESSAGE = "must be a plain text value";

    private RunBodies() {}

    /** {@code POST /api/recoveries}. */
    @JsonRequest
    public record Recovery(
            String scenario,
            @JsonAlias("dryRun") Boolean dryRun,

            @JsonAlias("backupId") @Pattern(regexp = PLAIN, message = PLAIN_MESSAGE)
            String backupId,

            @Pattern(regexp = PLAIN, message = PLAIN_MESSAGE)
            String source,

            Boolean force) {}

    /** {@code POST /api/drills}. */
    @JsonRequest
    public record Drill(
            String scenario,
            Boolean keep,

            @JsonAlias("backupId") @Pattern(regexp = PLAIN, message = PLAIN_MESSAGE)
            String backupId,

            @Pattern(regexp = PLAIN, message = PLAIN_MESSAGE)
            String source) {}
}
