package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code restore}: the guide's {@code backup_manager.py restore}, run by the manager. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Have the manager restore a backup and wait for it"
                    + " (POST /api/backups/{id}/restore). Prints what is written where, then the equality"
                    + " report: every table, Redis db and file tree compared with what was backed up.",
            "Nothing live is overwritten unless --in-place is given (the manager then takes a safety"
                    + " backup first). Directories go under --target-dir, which must lie under the manager's"
                    + " BACKUP_RESTORE_ROOTS (default /tmp and ./restore); the database goes to a new"
                    + " database (--target-db), Redis to another db or server (--target-redis).",
            "",
            "  textloom-backup restore --backup-id ID --target-dir /tmp/restore",
            "  textloom-backup restore --backup-id ID --components database --target-db copy1",
            "  textloom-backup restore --backup-id ID --in-place --dry-run"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:restored (or, --dry-run, planned) and equal to the backup",
            "1:could not restore: manager unreachable, unknown backup, refused target, restore failed",
            "2:partial: some components failed (their reasons are printed)",
            "3:restored, but the restored data differs from the backup"
        })
public final class RestoreCommand extends ManagerCommand {

    @Option(names = "--backup-id", required = true, paramLabel = "ID", description = "The backup.")
    String backupId;

    @Option(
            names = "--components",
            arity = "1..*",
            split = ",",
            paramLabel = "COMPONENT",
            description = "database, redis, workspace, logs (default: every component of the backup).")
    List<String> components;

    @Option(
            names = "--target-dir",
            paramLabel = "DIR",
            description = "Directory (on the manager's host) receiving workspace/ and logs/; a relative"
                    + " path is taken from the current directory.")
    Path targetDir;

    @Option(
            names = "--target-db",
            paramLabel = "NAME",
            description = "New database the database component is restored into.")
    String targetDb;

    @Option(
            names = "--target-redis",
            paramLabel = "URL",
            description = "Redis to restore into, e.g. redis://host:6379/4 (no password in it).")
    String targetRedis;

    @Option(
            names = "--in-place",
            description = "Write over the live database, Redis and directories" + " (after a safety backup).")
    boolean inPlace;

    @Option(names = "--dry-run", description = "Only say what would be written where; write nothing.")
    boolean dryRun;

    RestoreCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(RestClient manager) throws RestException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (components != null) {
            body.put("components", components);
        }
        if (targetDir != null) {
            body.put("target_dir", targetDir.toAbsolutePath().normalize().toString());
        }
        if (targetDb != null) {
            body.put("target_database", targetDb);
        }
        if (targetRedis != null) {
            body.put("target_redis", targetRedis);
        }
        body.put("in_place", inPlace);
        body.put("dry_run", dryRun);
        JsonNode accepted = manager.post("/api/backups/" + RestClient.encode(backupId) + "/restore", body);
        if (!json) {
            out().println("restore of " + backupId + (dryRun ? ", dry run (nothing is written):" : ":"));
            for (JsonNode step : accepted.path("plan")) {
                out().println("  " + text(step, "component", "?")
                        + (step.path("in_place").asBoolean() ? " (IN PLACE)" : "") + ": " + text(step, "action", "")
                        + " [" + Sizes.human(step.path("bytes").asLong()) + "]");
            }
        }
        JsonNode done = await(manager, text(accepted, "operation_id", "?"), "restore " + backupId);
        JsonNode r = done.path("result");
        boolean differs = false;
        for (JsonNode c : r.path("components")) {
            if (c.path("equal").isBoolean() && !c.path("equal").asBoolean()) {
                differs = true;
            }
        }
        if (json) {
            ObjectNode withPlan = done.deepCopy();
            withPlan.set("plan", accepted.path("plan"));
            printJson(withPlan);
        } else {
            report(done, r);
        }
        String status = text(done, "status", "failed");
        if (differs) {
            return ExitCodes.DAMAGE_FOUND;
        }
        return BackupCommand.exitCode(status);
    }

    private void report(JsonNode op, JsonNode r) {
        out().println("restore " + backupId + ": " + text(op, "status", "?")
                + (dryRun ? " (dry run: nothing written)" : ""));
        for (JsonNode c : dryRun && !r.hasNonNull("error") ? RestClient.JSON.createArrayNode() : r.path("components")) {
            String equal =
                    c.path("equal").isBoolean() ? (c.get("equal").asBoolean() ? "equal" : "NOT EQUAL") : "not compared";
            out().println("  " + text(c, "component", "?") + " -> " + text(c, "target", "?") + ": "
                    + text(c, "status", "?") + ", " + c.path("files").asLong() + " files, "
                    + Sizes.human(c.path("bytes_written").asLong()) + " written, " + equal);
            for (JsonNode cmp : c.path("comparisons")) {
                if (!cmp.path("equal").asBoolean(true)) {
                    out().println("      differs: " + text(cmp, "item", "?") + ": backed up "
                            + text(cmp, "expected", "?") + ", restored " + text(cmp, "actual", "?"));
                }
            }
            if (c.hasNonNull("error")) {
                out().println("      " + c.get("error").asText());
            }
        }
        if (r.hasNonNull("error")) {
            out().println("  error: " + r.get("error").asText());
        }
    }
}
