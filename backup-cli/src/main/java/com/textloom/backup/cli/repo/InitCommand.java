package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.storage.BlobStore;
import picocli.CommandLine.Command;

@Command(
        name = "init",
        description = {
            "Create a new repository at --repo.",
            "The key comes from BACKUP_ENCRYPTION_KEY (or --password-file, or a passphrase typed twice);"
                    + " keep it: without it nothing can be restored.",
            "Chunk size, compression and parallelism come from BACKUP_CHUNK_SIZE,"
                    + " BACKUP_COMPRESSION_ENABLED/LEVEL and BACKUP_PARALLEL_JOBS."
        })
final class InitCommand extends RepoSubcommand {
    InitCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws Exception {
        try (BlobStore store = openStore();
                Repository repo = Repository.init(store, key(true), options())) {
            if (json) {
                var n = JsonOutput.object();
                n.put("id", repo.id());
                n.put("repository", store.describe());
                JsonOutput.print(ctx.out(), n);
            } else {
                ctx.out().println("created repository " + repo.id().substring(0, 8) + " at " + store.describe());
            }
        }
        return ExitCodes.OK;
    }
}
