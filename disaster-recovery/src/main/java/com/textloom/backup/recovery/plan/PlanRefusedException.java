package com.textloom.backup.recovery.plan;

import com.textloom.backup.support.api.ApiException;

/**
 * A recovery or drill that cannot be planned, with the HTTP status the API answers ({@code 400} bad input or no
 * backup, {@code 403} live data without permission, {@code 503} the manager's catalogue unreachable), the
 * {@code error} code of the suite's error body (disaster-recovery's refinements: {@code no_backup},
 * {@code unknown_backup}, {@code unusable_backup}, {@code unknown_source}, {@code not_configured}, {@code no_remote},
 * {@code in_place_not_allowed}, {@code catalog_unavailable}, {@code manager_unavailable}, {@code remote_unavailable})
 * and the request field at fault where one is ({@code source}, {@code backup_id}).
 */
public class PlanRefusedException extends ApiException {

    public PlanRefusedException(int status, String error, String message) {
        super(status, error, message, null);
    }

    public PlanRefusedException(int status, String error, String field, String message) {
        super(status, error, message, field);
    }
}
