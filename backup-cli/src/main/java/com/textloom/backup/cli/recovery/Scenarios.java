package com.textloom.backup.cli.recovery;

/**
 * The guide's failure scenarios (故障场景和恢复时间) as {@code --help} of {@code assess}, {@code recover}
 * and {@code drill} explains them, with the guide's RPO and RTO targets. Text only: the disaster-recovery service decides which scenarios exist and
 * answers 400 naming them for any other name; its targets may be overridden
 * ({@code BACKUP_RTO_DATABASE} ...; {@code GET /api/objectives} shows the ones in force).
 */
final class Scenarios {
    static final String HEADING = "%nScenarios (the guide's targets; GET /api/objectives shows those" + " in force):%n";
    static final String DATABASE = "  database_failure     RPO 1 h     RTO 30 min%n"
            + "      restore the newest clean backup (the broken database kept aside),%n"
            + "      restart, verify the figures and the app";
    static final String REDIS = "  redis_failure        RPO 15 min  RTO 10 min%n"
            + "      restart the server, restore the data, verify key counts and digests";
    static final String APPLICATION = "  application_failure  RPO 0       RTO 5 min%n"
            + "      restart the app (TEXTLOOM_APP_RESTART_COMMAND), health check";
    static final String STORAGE = "  storage_failure      RPO 2 h     RTO 1 h%n"
            + "      switch to the best remote copy, rebuild local storage from it,%n"
            + "      switch back";
    static final String FULL = "  full_disaster        RPO 4 h     RTO 2 h%n"
            + "      standby environment (BACKUP_DR_STANDBY_*), restore everything from%n"
            + "      a remote, switch traffic (BACKUP_DR_SWITCH_COMMAND)";

    private Scenarios() {}
}
