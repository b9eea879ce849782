package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.repository.IndexRepairReport;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.storage.BlobStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code repo repair index}: rebuild what can be rebuilt from the data itself. */
@Command(
        name = "repair",
        mixinStandardHelpOptions = true,
        description = {
            "Repair a damaged repository from what it still holds.",
            "index: rebuild the index from the pack headers (after verify named a damaged index file)."
        },
        subcommands = {RepairCommand.Index.class})
final class RepairCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "index",
            description = {
                "Rebuild the index from the pack headers, as restic's 'repair index': every pack's header"
                        + " is read and authenticated, new index files listing every pack are written, then the"
                        + " old index files (damaged ones included) are removed. No pack is ever deleted.",
                "Use it when verify names a damaged index file: until then the blobs that file listed are"
                        + " unknown (backups store them again, restores needing them fail) and prune refuses"
                        + " to run.",
                "Takes the exclusive lock (waits up to --lock-wait for running backups). A pack whose header"
                        + " cannot be read keeps the entries a readable old index file gave it and is"
                        + " reported (exit 3): run 'repo verify --read-data' afterwards.",
                "Interrupted, it leaves old and new index files side by side (valid); run it again."
            },
            exitCodeList = {
                "0:the index was rebuilt from every pack",
                "1:could not run: bad input, backend unreachable, wrong key, repository locked",
                "3:rebuilt, but some pack headers could not be read (listed)"
            })
    static final class Index extends RepoSubcommand {
        Index(CliContext ctx) {
            super(ctx);
        }

        @Override
        protected int run() throws Exception {
            IndexRepairReport r;
            try (BlobStore store = openStore();
                    Repository repo = open(store)) {
                r = repo.repairIndex();
            }
            if (json) {
                var n = JsonOutput.object();
                n.put("packs_read", r.packsRead());
                n.put("packs_newly_indexed", r.packsNewlyIndexed());
                n.put("missing_packs_dropped", r.missingPacksDropped());
                n.put("blobs_indexed", r.blobsIndexed());
                n.put("index_files_written", r.indexFilesWritten());
                r.indexFilesRemoved().forEach(n.putArray("index_files_removed")::add);
                r.damagedIndexFiles().forEach(n.putArray("damaged_index_files")::add);
                r.unreadablePacks().forEach(n.putArray("unreadable_packs")::add);
                JsonOutput.print(ctx.out(), n);
            } else {
                ctx.out()
                        .printf(
                                "repair index: read %d pack headers (%d not indexed before), %d blobs in"
                                        + " %d new index files; removed %d old index files (%d damaged), dropped %d missing"
                                        + " packs%n",
                                r.packsRead(),
                                r.packsNewlyIndexed(),
                                r.blobsIndexed(),
                                r.indexFilesWritten(),
                                r.indexFilesRemoved().size(),
                                r.damagedIndexFiles().size(),
                                r.missingPacksDropped());
                r.damagedIndexFiles().forEach(f -> ctx.out().println("removed damaged index file " + f));
                r.unreadablePacks().forEach(p -> ctx.out().println("unreadable pack header " + p));
                if (!r.unreadablePacks().isEmpty()) {
                    ctx.out().println("run 'textloom-backup repo verify --read-data' to see what is lost");
                }
            }
            return r.unreadablePacks().isEmpty() ? ExitCodes.OK : ExitCodes.DAMAGE_FOUND;
        }
    }
}
