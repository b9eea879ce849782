package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backup}: the guide's {@code backup_manager.py backup}, as a request to the manager. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Ask the backup manager for a backup (POST /api/backups). It runs in the manager,"
                    + " through the same queue as scheduled backups; without --wait this prints the backup id"
                    + " and returns at once.",
            "",
            "  textloom-backup backup --type daily",
            "  textloom-backup backup --components database redis --wait"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:requested; with --wait: the backup succeeded",
            "1:manager unreachable or refused the request; with --wait: the backup failed",
            "2:with --wait: partial, some components failed (their reasons are printed)"
        })
public final class BackupCommand extends ManagerCommand {

    /** The backup types the manager knows; daily, weekly, monthly are the retention tiers. */
    enum Type {
        full,
        incremental,
        daily,
        weekly,
        monthly
    }

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "full, incremental, daily, weekly or monthly (default: the manager's, full).")
    Type type;

    @Option(
            names = "--components",
            arity = "1..*",
            split = ",",
            paramLabel = "COMPONENT",
            description = "database, redis, workspace, logs (default: all four).")
    List<String> components;

    @Option(names = "--wait", description = "Wait until the backup has ended and print its report.")
    boolean await;

    BackupCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(RestClient manager) throws RestException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (type != null) {
            body.put("type", type.name());
        }
        if (components != null) {
            body.put("components", components);
        }
        JsonNode accepted = manager.post("/api/backups", body);
        String backupId = text(accepted, "backup_id", "?");
        String operation = text(accepted, "operation_id", "?");
        if (!await) {
            if (json) {
                printJson(accepted);
            } else {
                out().println("backup " + backupId + " queued (operation " + operation + ")");
            }
            return ExitCodes.OK;
        }
        JsonNode done = await(manager, operation, "backup " + backupId);
        if (json) {
            printJson(done);
        } else {
            report(done, backupId);
        }
        return exitCode(text(done, "status", "failed"));
    }

    static int exitCode(String status) {
        return switch (status) {
            case "success", "duplicate" -> ExitCodes.OK;
            case "partial" -> ExitCodes.PARTIAL;
            default -> ExitCodes.FAILED;
        };
    }

    private void report(JsonNode op, String backupId) {
        String status = text(op, "status", "?");
        JsonNode r = op.path("result");
        if (status.equals("duplicate")) {
            out().println("backup " + backupId + ": this request was already run; nothing new");
            return;
        }
        out().printf(
                        Locale.ROOT,
                        "backup %s: %s (%s, %.1f s)%n",
                        text(r, "backup_id", backupId),
                        status,
                        text(r, "type", "?"),
                        r.path("duration_ms").asLong() / 1000.0);
        if (r.path("components").size() > 0) {
            out().printf(
                            Locale.ROOT,
                            "  %-10s %-8s %10s %10s %10s %8s%n",
                            "component",
                            "status",
                            "read",
                            "new",
                            "stored",
                            "files");
            for (JsonNode c : r.path("components")) {
                out().printf(
                                Locale.ROOT,
                                "  %-10s %-8s %10s %10s %10s %8d%n",
                                text(c, "component", "?"),
                                text(c, "status", "?"),
                                Sizes.human(c.path("bytes_read").asLong()),
                                Sizes.human(c.path("bytes_new").asLong()),
                                Sizes.human(c.path("bytes_stored").asLong()),
                                c.path("files").asLong());
                if (c.hasNonNull("error")) {
                    out().println("      " + c.get("error").asText());
                }
            }
        }
        for (JsonNode copy : r.path("remote_copies")) {
            out().println("  copied to " + text(copy, "backend", "?") + ": " + text(copy, "status", "?")
                    + ", " + Sizes.human(copy.path("bytes_copied").asLong())
                    + (copy.hasNonNull("error") ? " (" + copy.get("error").asText() + ")" : ""));
        }
        String error = r.hasNonNull("error") ? r.get("error").asText() : text(op.path("result"), "error", null);
        if (error != null) {
            out().println("  error: " + error);
        }
    }
}
