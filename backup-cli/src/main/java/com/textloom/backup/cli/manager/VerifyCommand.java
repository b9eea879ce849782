package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.ReadDataSubset;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verify}: the guide's {@code backup_manager.py verify}, run by the manager. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Have the manager verify a backup and wait for the result"
                    + " (POST /api/backups/{id}/verify). Quick: every piece the backup needs is there;"
                    + " --read-data: every piece is also read, decrypted and authenticated;"
                    + " --read-data-subset N%: those of N % of the packs, drawn at random.",
            "",
            "  textloom-backup verify --backup-id 20250820_120000 --read-data",
            "  textloom-backup verify --backup-id 20250820_120000 --read-data-subset 35%"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:verified, no damage found",
            "1:could not verify: manager unreachable, unknown backup, verify failed to run",
            "3:damaged or missing data found (each damaged piece is printed)"
        })
public final class VerifyCommand extends ManagerCommand {

    @Option(
            names = "--backup-id",
            required = true,
            paramLabel = "ID",
            description = "The backup, e.g. 20250820_120000 (see 'list').")
    String backupId;

    @Option(names = "--read-data", description = "Read every piece of data, not only check it exists.")
    boolean readData;

    @Option(
            names = "--read-data-subset",
            paramLabel = "N%",
            description = "Read the data of N % of"
                    + " the packs (1-100), drawn at random each run (restic's spelling); every piece is still"
                    + " checked to exist.")
    String readDataSubset;

    VerifyCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(RestClient manager) throws RestException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (readDataSubset != null) {
            try {
                body.put("read_data_percent", ReadDataSubset.percent(readDataSubset));
            } catch (IllegalArgumentException e) {
                ctx.err().println("textloom-backup: " + e.getMessage());
                return ExitCodes.FAILED;
            }
        } else {
            body.put("read_data", readData);
        }
        JsonNode accepted = manager.post("/api/backups/" + RestClient.encode(backupId) + "/verify", body);
        JsonNode done = await(manager, text(accepted, "operation_id", "?"), "verify " + backupId);
        JsonNode r = done.path("result");
        JsonNode damaged = r.path("damaged_blobs");
        if (json) {
            printJson(done);
        } else if (damaged.size() > 0) {
            out().println("verify " + backupId + ": DAMAGED, " + damaged.size() + " piece(s) missing or corrupt");
            for (JsonNode d : damaged) {
                out().println("  " + text(d, "blob_id", "?") + " in pack " + text(d, "pack", "?") + ": "
                        + text(d, "reason", "?"));
            }
            if (r.path("affected_backups").size() > 0) {
                out().println("  backups affected: " + r.get("affected_backups"));
            }
        } else {
            out().println("verify " + backupId + ": " + text(done, "status", "?") + " ("
                    + (r.path("read_data").asBoolean() ? "data read" : "structure only") + ", "
                    + r.path("blobs_checked").asLong() + " pieces checked, "
                    + Sizes.human(r.path("bytes_read").asLong()) + " read)"
                    + (r.hasNonNull("error") ? ": " + r.get("error").asText() : ""));
        }
        if (damaged.size() > 0) {
            return ExitCodes.DAMAGE_FOUND;
        }
        return "success".equals(text(done, "status", "")) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
