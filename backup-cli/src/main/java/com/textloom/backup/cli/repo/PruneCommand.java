package com.textloom.backup.cli.repo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.repository.PruneOptions;
import com.textloom.backup.repository.PruneReport;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.PrintStream;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "prune",
        description = {
            "Remove data that no snapshot references, and repack mostly-empty packs.",
            "Packs no index lists are removed only when older than --safety-margin, so a backup running"
                    + " elsewhere never loses data. Marks under a shared lock, then deletes under an"
                    + " exclusive one (waits up to --lock-wait for running backups)."
        })
final class PruneCommand extends RepoSubcommand {
    @Option(names = "--dry-run", description = "Only report what would be removed.")
    boolean dryRun;

    @Option(
            names = "--safety-margin",
            paramLabel = "MINUTES",
            defaultValue = "60",
            description = "Keep unindexed packs younger than this (default: ${DEFAULT-VALUE}).")
    long safetyMarginMinutes;

    PruneCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws Exception {
        PruneReport r;
        try (BlobStore store = openStore();
                Repository repo = open(store)) {
            r = repo.prune(PruneOptions.defaults()
                    .withDryRun(dryRun)
                    .withSafetyMargin(Duration.ofMinutes(safetyMarginMinutes)));
        }
        if (json) {
            JsonOutput.print(ctx.out(), toJson(r));
        } else {
            print(ctx.out(), r);
        }
        return ExitCodes.OK;
    }

    static ObjectNode toJson(PruneReport r) {
        ObjectNode n = JsonOutput.object();
        n.put("dry_run", r.dryRun());
        n.put("packs_deleted", r.packsDeleted());
        n.put("packs_repacked", r.packsRepacked());
        n.put("blobs_removed", r.blobsRemoved());
        n.put("bytes_freed", r.bytesFreed());
        n.put("orphan_packs_kept", r.orphanPacksKept());
        return n;
    }

    static void print(PrintStream out, PruneReport r) {
        out.printf(
                "%s %d packs deleted, %d repacked, %d blobs removed, %s freed, %d young unindexed" + " packs kept%n",
                r.dryRun() ? "prune (dry run):" : "prune:",
                r.packsDeleted(),
                r.packsRepacked(),
                r.blobsRemoved(),
                Sizes.human(r.bytesFreed()),
                r.orphanPacksKept());
    }
}
