package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "dump",
        description = {
            "Write a stream component (a database dump) of a snapshot to standard output.",
            "e.g. textloom-backup repo dump --repo R latest --component database | pg_restore -d app"
        })
final class DumpCommand extends RepoSubcommand {
    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Snapshot id, prefix or latest.")
    String snapshotArg;

    @Option(names = "--component", paramLabel = "NAME", required = true, description = "The stream component.")
    String component;

    DumpCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws Exception {
        try (BlobStore store = openStore();
                Repository repo = open(store)) {
            SnapshotInfo snap = snapshot(repo, snapshotArg);
            OutputStream out = new BufferedOutputStream(ctx.out(), 1 << 16);
            repo.dumpStream(snap.id(), component, out);
            out.flush();
        }
        return ExitCodes.OK;
    }
}
