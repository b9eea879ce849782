package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.storage.BlobStore;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(
        name = "snapshots",
        description = {
            "List the snapshots, oldest first.",
            "--json prints an array of {id, short_id, time, type, tags, parent, host, total_bytes,"
                    + " components: [{name, kind, files, dirs, bytes, new_bytes, unchanged_files,"
                    + " metadata}]}."
        })
final class SnapshotsCommand extends RepoSubcommand {
    SnapshotsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws Exception {
        List<SnapshotInfo> all;
        try (BlobStore store = openStore();
                Repository repo = open(store)) {
            all = repo.snapshots();
        }
        if (json) {
            var arr = JsonOutput.array();
            all.forEach(s -> arr.add(JsonOutput.snapshot(s)));
            JsonOutput.print(ctx.out(), arr);
            return ExitCodes.OK;
        }
        ctx.out()
                .printf(
                        "%-8s  %-24s  %-11s  %-16s  %-12s  %10s  %s%n",
                        "ID", "TIME", "TYPE", "TAGS", "HOST", "SIZE", "COMPONENTS");
        for (SnapshotInfo s : all) {
            ctx.out()
                    .printf(
                            "%-8s  %-24s  %-11s  %-16s  %-12s  %10s  %s%n",
                            s.shortId(),
                            s.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            s.type().wireName(),
                            String.join(",", s.tags().stream().sorted().toList()),
                            s.host(),
                            Sizes.human(s.totalBytes()),
                            s.components().stream().map(ComponentInfo::name).collect(Collectors.joining(",")));
        }
        ctx.out().println(all.size() + " snapshot" + (all.size() == 1 ? "" : "s"));
        return ExitCodes.OK;
    }
}
