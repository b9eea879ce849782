package com.textloom.backup.cli.recovery;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recover}: the guide's {@code disaster_recovery.py recover}, run by disaster recovery. */
@Command(
        name = "recover",
        mixinStandardHelpOptions = true,
        description = {
            "Have the disaster-recovery service recover from a failure scenario"
                    + " (POST /api/recoveries) and follow it (GET /api/recoveries/{id}): the plan first"
                    + " (which backup, from where, the targets, what is overwritten, the estimated time),"
                    + " then every step as its status changes, with its duration, detail and any hook's"
                    + " output; on a terminal a progress line names the running step.",
            "Live data is never dropped: it is set aside before an in-place restore, and an in-place"
                    + " restore needs BACKUP_DR_ALLOW_IN_PLACE=true on the service or --force. One recovery"
                    + " runs at a time (409 names the running one).",
            "",
            "  textloom-backup recover --scenario database_failure --dry-run",
            "  textloom-backup recover --scenario database_failure",
            "  textloom-backup recover --scenario full_disaster --source minio"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:recovered (a dry run: the plan could be built; nothing was changed)",
            "1:the recovery failed (the failed step and the error are printed), the service is"
                    + " unreachable, refused the key, or is busy with another recovery (409)",
            "2:bad usage: unknown option, missing --scenario, or the service refused the request"
                    + " (unknown scenario or backup)"
        },
        footerHeading = Scenarios.HEADING,
        footer = {Scenarios.DATABASE, Scenarios.REDIS, Scenarios.APPLICATION, Scenarios.STORAGE, Scenarios.FULL})
public final class RecoverCommand extends RunCommand {

    @Option(names = "--dry-run", description = "Build and print the plan, change nothing.")
    boolean dryRun;

    @Option(
            names = "--backup-id",
            paramLabel = "ID",
            description = "Recover from this backup (default: the newest one whose components verified" + " clean).")
    String backupId;

    @Option(
            names = "--source",
            paramLabel = "SOURCE",
            description = "Read the backup from this storage location (local, minio or obs) instead of"
                    + " the one the service chooses (the local repository when readable, else the best remote"
                    + " copy); the service answers 400 for a location it cannot use.")
    String source;

    @Option(
            names = "--force",
            description = "Allow the in-place restore over live data although the service's"
                    + " BACKUP_DR_ALLOW_IN_PLACE is not true (the live data is still set aside first).")
    boolean force;

    RecoverCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(RestClient service) throws RestException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scenario", scenario);
        body.put("dry_run", dryRun);
        body.put("backup_id", backupId);
        body.put("source", source);
        body.put("force", force);
        return startAndFollow(service, RunFollower.Kind.RECOVERY, body);
    }
}
