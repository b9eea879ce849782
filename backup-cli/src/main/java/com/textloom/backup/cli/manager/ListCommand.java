package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code list}: the guide's {@code backup_manager.py list}, from the manager's catalogue. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the backups the manager holds, newest first (GET /api/backups).",
            "",
            "  textloom-backup list",
            "  textloom-backup list --type daily --status success --json"
        })
public final class ListCommand extends ManagerCommand {

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "Only this type: full, incremental," + " daily, weekly, monthly.")
    String type;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only this status: success," + " partial, failed.")
    String status;

    @Option(
            names = "--component",
            paramLabel = "COMPONENT",
            description = "Only backups holding this component: database, redis, workspace, logs.")
    String component;

    ListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(RestClient manager) throws RestException {
        List<String> query = new ArrayList<>();
        if (type != null) {
            query.add("type=" + RestClient.encode(type));
        }
        if (status != null) {
            query.add("status=" + RestClient.encode(status));
        }
        if (component != null) {
            query.add("component=" + RestClient.encode(component));
        }
        JsonNode backups = manager.get("/api/backups" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        if (json) {
            printJson(backups);
            return ExitCodes.OK;
        }
        if (backups.size() == 0) {
            out().println("no backups" + (query.isEmpty() ? "" : " match"));
            return ExitCodes.OK;
        }
        out().printf(
                        Locale.ROOT,
                        "%-17s %-11s %-8s %-20s %10s  %s%n",
                        "BACKUP ID",
                        "TYPE",
                        "STATUS",
                        "TIME",
                        "SIZE",
                        "COMPONENTS");
        for (JsonNode b : backups) {
            long bytes = 0;
            List<String> names = new ArrayList<>();
            for (JsonNode c : b.path("components")) {
                bytes += c.path("bytes").asLong();
                names.add(text(c, "component", "?"));
            }
            String time = text(b, "time", "");
            out().printf(
                            Locale.ROOT,
                            "%-17s %-11s %-8s %-20s %10s  %s%n",
                            text(b, "backup_id", "?"),
                            text(b, "type", "?"),
                            text(b, "status", "?"),
                            time.length() > 19 ? time.substring(0, 19) + "Z" : time,
                            Sizes.human(bytes),
                            String.join(",", names));
        }
        return ExitCodes.OK;
    }
}
