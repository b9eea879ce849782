package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotType;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.storage.BlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "backup",
        description = {
            "Back up directories, or standard input, as one new snapshot.",
            "Each PATH becomes a component named after its last element (or --component for a single"
                    + " PATH). With --stdin, standard input is stored as the stream component --component"
                    + " (e.g. pg_dump -Fc | textloom-backup repo backup --stdin --component database).",
            "An incremental backup (the default) does not re-read files whose size, mtime and inode match"
                    + " the newest snapshot of this host; --type full reads everything. Either way every"
                    + " snapshot restores on its own. Takes a shared lock: backups run side by side, prune"
                    + " waits."
        })
final class BackupCommand extends RepoSubcommand {

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Directories to back up.")
    List<Path> paths = new ArrayList<>();

    @Option(
            names = "--type",
            paramLabel = "full|incremental",
            defaultValue = "incremental",
            description = "full or incremental (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(
            names = "--tag",
            paramLabel = "TAG",
            description = "Tag the snapshot (repeatable):" + " daily, weekly, monthly or any label.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--component", paramLabel = "NAME", description = "Component name (one PATH," + " or --stdin).")
    String component;

    @Option(names = "--stdin", description = "Read the data from standard input.")
    boolean stdin;

    @Option(
            names = "--host",
            paramLabel = "NAME",
            description = "Host recorded in the snapshot" + " (default: this host).")
    String host;

    @Option(
            names = "--parent",
            paramLabel = "SNAPSHOT",
            description = "Parent of an incremental" + " snapshot (default: the newest snapshot of this host).")
    String parent;

    BackupCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws Exception {
        SnapshotType t = SnapshotType.fromWireName(type);
        if (stdin) {
            if (component == null || !paths.isEmpty()) {
                throw new IllegalArgumentException("--stdin needs --component NAME and no PATH");
            }
        } else if (paths.isEmpty()) {
            throw new IllegalArgumentException(
                    "nothing to back up: give one or more PATHs, or --stdin" + " --component NAME");
        } else if (component != null && paths.size() > 1) {
            throw new IllegalArgumentException("--component names a single PATH; " + paths.size()
                    + " were given (each is named after its last element)");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                throw new IllegalArgumentException("not a directory: " + p);
            }
            Path abs = p.toAbsolutePath().normalize();
            String name = component != null
                    ? component
                    : abs.getFileName() == null ? "root" : abs.getFileName().toString();
            if (!seen.add(name)) {
                throw new IllegalArgumentException(
                        "two PATHs would both be component '" + name + "': back them up separately with --component");
            }
            names.add(name);
        }
        SnapshotSpec spec = new SnapshotSpec(t, new LinkedHashSet<>(tags), parent, host, null);
        SnapshotInfo snap;
        // the writer holds a shared lock until it closes, and stops if its lease is lost
        try (BlobStore store = openStore();
                Repository repo = open(store);
                ProgressPrinter progress = new ProgressPrinter(ctx.err(), ctx.errIsTerminal(), "backup");
                SnapshotWriter w = repo.newSnapshot(spec)) {
            if (stdin) {
                w.addStream(component, ctx.in(), Map.of("source", "stdin"), progress);
            } else {
                for (int i = 0; i < paths.size(); i++) {
                    Path abs = paths.get(i).toAbsolutePath().normalize();
                    w.addTree(names.get(i), abs, Map.of("source_path", abs.toString()), progress);
                }
            }
            snap = w.commit();
        }
        if (json) {
            JsonOutput.print(ctx.out(), JsonOutput.snapshot(snap));
        } else {
            ctx.out()
                    .println("snapshot " + snap.shortId() + " saved ("
                            + snap.type().wireName() + ")");
            for (ComponentInfo c : snap.components()) {
                ctx.out()
                        .printf(
                                "  %-12s %d files, %d dirs, %s, %s new, %d unchanged%n",
                                c.name(),
                                c.files(),
                                c.dirs(),
                                Sizes.human(c.bytes()),
                                Sizes.human(c.newBytes()),
                                c.unchangedFiles());
            }
        }
        return ExitCodes.OK;
    }
}
