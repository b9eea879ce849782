package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.CliVariables;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.repository.copy.CopyListener;
import com.textloom.backup.repository.copy.CopyOptions;
import com.textloom.backup.repository.copy.CopyReport;
import com.textloom.backup.repository.copy.RepositoryCopy;
import com.textloom.backup.repository.lock.LockKind;
import com.textloom.backup.repository.lock.RepositoryLock;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "copy",
        description = {
            "Copy the repository's snapshots to another backend (local, then remote sync).",
            "Only blobs the destination lacks move; snapshots are written last; an interrupted copy"
                    + " resumes where it stopped. The destination becomes the same repository (same key)."
                    + " No key is needed: blobs are copied as they are, still encrypted."
        })
final class CopyCommand extends RepoSubcommand {
    @Option(
            names = "--to",
            paramLabel = "URI",
            required = true,
            description = "Destination"
                    + " repository URI (same forms as --repo: minio / obs for the stores of the variables).")
    String to;

    CopyCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws Exception {
        CopyReport r;
        try (BlobStore source = openStore();
                BlobStore destination = RepositoryLocation.parse(CliVariables.repositoryUri(to, ctx.env()), ctx.env())
                        .open();
                RepositoryLock srcLock = lock(source, LockKind.SHARED);
                RepositoryLock dstLock = lock(destination, LockKind.SHARED);
                ProgressPrinter progress = new ProgressPrinter(ctx.err(), ctx.errIsTerminal(), "copy")) {
            CopyListener listener = new CopyListener() {
                @Override
                public void copied(String name, long bytes) {
                    progress.fileStarted(name);
                    progress.bytesProcessed(bytes);
                    progress.fileDone(name, bytes);
                }
            };
            r = RepositoryCopy.copy(source, destination, CopyOptions.defaults().withListener(listener));
            srcLock.checkValid();
            dstLock.checkValid();
        }
        if (json) {
            var n = JsonOutput.object();
            n.put("blobs_copied", r.blobsCopied());
            n.put("bytes_copied", r.bytesCopied());
            n.put("blobs_skipped", r.blobsSkipped());
            n.put("bytes_skipped", r.bytesSkipped());
            var s = n.putArray("snapshots_copied");
            r.snapshotsCopied().forEach(s::add);
            n.put("elapsed_ms", r.elapsed().toMillis());
            JsonOutput.print(ctx.out(), n);
        } else {
            ctx.out()
                    .printf(
                            "copied %d blobs (%s), %d already there, %d snapshots, in %.1f s%n",
                            r.blobsCopied(),
                            Sizes.human(r.bytesCopied()),
                            r.blobsSkipped(),
                            r.snapshotsCopied().size(),
                            r.elapsed().toMillis() / 1000.0);
        }
        return ExitCodes.OK;
    }
}
