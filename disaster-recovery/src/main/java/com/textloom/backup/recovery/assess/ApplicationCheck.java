package com.textloom.backup.recovery.assess;

import com.textloom.backup.recovery.assess.CheckReport.CheckResult;
import com.textloom.backup.recovery.scenario.Scenario;

/**
 * The TextLoom application: one GET of TEXTLOOM_APP_HEALTH_URL, healthy on 2xx within the check's deadline,
 * critical ({@code application_failure}) otherwise; skipped, and said so, when the variable is not set.
 */
final class ApplicationCheck {

    static final String NAME = "application";

    CheckResult run(AssessSettings settings, Deadline deadline) {
        CheckReport r = new CheckReport(NAME);
        if (settings.appHealthUrl() == null) {
            return r.skipped("TEXTLOOM_APP_HEALTH_URL is not set: the application is not checked")
                    .done();
        }
        String where = SafeUrl.describe(settings.appHealthUrl());
        r.fact("url", where);
        HttpProbe.Answer a = HttpProbe.get(settings.appHealthUrl(), deadline);
        r.fact("http_status", a.status() == 0 ? null : a.status());
        if (a.up()) {
            return r.summary("health URL answered HTTP " + a.status()).done();
        }
        r.critical("health URL " + where + ": " + a.error(), Scenario.APPLICATION_FAILURE);
        r.recommend("The application does not answer its health URL (" + a.error() + "): restart it with"
                + " `scripts/disaster_recovery.sh recover --scenario application_failure` (runs"
                + " TEXTLOOM_APP_RESTART_COMMAND, then waits until it is healthy); --dry-run shows the plan first.");
        return r.done();
    }
}
