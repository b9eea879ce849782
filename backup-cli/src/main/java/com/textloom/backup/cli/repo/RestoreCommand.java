package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RestoreOptions;
import com.textloom.backup.repository.RestoreResult;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.tree.Node;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "restore",
        description = {
            "Restore a snapshot (an id, a unique prefix, or 'latest') into --target.",
            "With --component, that component is restored into DIR; without it, a snapshot of one"
                    + " component is restored into DIR and one of several components into DIR/<component>."
                    + " A stream component becomes the file DIR/<component>.",
            "--path restores only that entry of a tree, as DIR/<its last element>. Nothing is written outside DIR: '..',"
                    + " absolute paths and symlinks leading out are refused. Modes and mtimes are restored."
        })
final class RestoreCommand extends RepoSubcommand {
    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Snapshot id, prefix or latest.")
    String snapshotArg;

    @Option(names = "--target", paramLabel = "DIR", required = true, description = "Where to restore.")
    Path target;

    @Option(names = "--component", paramLabel = "NAME", description = "Restore only this component.")
    String component;

    @Option(
            names = "--path",
            paramLabel = "SUBPATH",
            description = "Restore only this relative" + " path inside the tree component.")
    String subPath;

    @Option(names = "--no-overwrite", description = "Fail on files that exist in the target.")
    boolean noOverwrite;

    RestoreCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws Exception {
        long files = 0;
        long bytes = 0;
        var out = JsonOutput.object();
        var comps = out.putArray("components");
        try (BlobStore store = openStore();
                Repository repo = open(store);
                ProgressPrinter progress = new ProgressPrinter(ctx.err(), ctx.errIsTerminal(), "restore")) {
            SnapshotInfo snap = snapshot(repo, snapshotArg);
            List<ComponentInfo> chosen;
            if (component != null) {
                chosen = List.of(snap.component(component)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "snapshot " + snap.shortId() + " has no component '" + component + "' (it has "
                                        + snap.components().stream()
                                                .map(ComponentInfo::name)
                                                .toList() + ")")));
            } else {
                chosen = snap.components();
            }
            if (subPath != null && chosen.size() != 1) {
                throw new IllegalArgumentException(
                        "--path needs --component when the snapshot has" + " several components");
            }
            boolean own = chosen.size() == 1;
            Files.createDirectories(target);
            out.put("snapshot", snap.id());
            for (ComponentInfo c : chosen) {
                if (!Node.isSafeName(c.name())) {
                    throw new IllegalStateException("snapshot " + snap.id() + " has a component named '" + c.name()
                            + "', which is not a safe file name: refusing to restore it");
                }
                var cn = comps.addObject();
                cn.put("name", c.name());
                if (c.kind() == ComponentInfo.Kind.STREAM) {
                    Path file = target.resolve(c.name());
                    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                        repo.dumpStream(snap.id(), c.name(), o);
                    }
                    files++;
                    bytes += Files.size(file);
                    cn.put("file", file.toString());
                    cn.put("bytes", Files.size(file));
                } else {
                    Path dir = own ? target : target.resolve(c.name());
                    RestoreResult r = repo.restoreTree(
                            snap.id(),
                            c.name(),
                            subPath,
                            dir,
                            RestoreOptions.defaults().withOverwrite(!noOverwrite),
                            progress);
                    files += r.files();
                    bytes += r.bytes();
                    cn.put("target", dir.toString());
                    cn.put("files", r.files());
                    cn.put("dirs", r.dirs());
                    cn.put("symlinks", r.symlinks());
                    cn.put("bytes", r.bytes());
                    var skipped = cn.putArray("skipped");
                    r.skipped().forEach(skipped::add);
                    for (String s : r.skipped()) {
                        ctx.err().println("skipped: " + s);
                    }
                }
            }
        }
        if (json) {
            out.put("files", files);
            out.put("bytes", bytes);
            JsonOutput.print(ctx.out(), out);
        } else {
            ctx.out().println("restored " + files + " files, " + Sizes.human(bytes) + " to " + target);
        }
        return ExitCodes.OK;
    }
}
