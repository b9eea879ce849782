package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.ReadDataSubset;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.VerifyOptions;
import com.textloom.backup.repository.VerifyReport;
import com.textloom.backup.repository.storage.BlobStore;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "verify",
        description = {
            "Check the repository: structure, index, and that every blob a snapshot needs exists.",
            "--read-data also downloads, decrypts and authenticates every blob (every copy of it), and"
                    + " names each damaged blob, its pack and the snapshots that need it, and whether it is"
                    + " still readable from another copy.",
            "Exit code 3 when damage was found (1 when the check could not run)."
        },
        exitCodeList = {
            "0:no damage found",
            "1:could not run: bad input, backend unreachable, wrong key, repository locked",
            "3:damaged or missing data found"
        })
final class VerifyCommand extends RepoSubcommand {
    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Only these snapshots" + " (default: all).")
    List<String> snapshots = List.of();

    @Option(names = "--read-data", description = "Read and authenticate every blob.")
    boolean readData;

    @Option(
            names = "--read-data-subset",
            paramLabel = "N%",
            description = "Read and authenticate"
                    + " the blobs of N % of the packs (0-100), drawn at random each run (restic's spelling);"
                    + " the structure checks still cover every pack.")
    String readDataSubset;

    VerifyCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws Exception {
        int percent = 100;
        if (readDataSubset != null) {
            try {
                percent = ReadDataSubset.percent(readDataSubset);
            } catch (IllegalArgumentException e) {
                ctx.err().println("textloom-backup: " + e.getMessage());
                return ExitCodes.FAILED;
            }
        }
        VerifyReport r;
        try (BlobStore store = openStore();
                Repository repo = open(store)) {
            r = repo.verify(
                    new VerifyOptions(readData || readDataSubset != null, new LinkedHashSet<>(snapshots), percent));
        }
        if (json) {
            var n = JsonOutput.object();
            n.put("ok", r.ok());
            n.put("read_data", r.readData());
            n.put("snapshots_checked", r.snapshotsChecked());
            n.put("packs_checked", r.packsChecked());
            n.put("packs_read", r.packsRead());
            n.put("blobs_checked", r.blobsChecked());
            n.put("bytes_read", r.bytesRead());
            var damaged = n.putArray("damaged");
            for (VerifyReport.DamagedBlob d : r.damaged()) {
                var dn = damaged.addObject();
                dn.put("blob_id", d.blobId());
                dn.put("type", d.type());
                dn.put("pack", d.pack());
                dn.put("problem", d.problem());
                dn.put("readable_from", d.readableFrom());
                var s = dn.putArray("snapshots");
                d.snapshots().forEach(s::add);
            }
            var errors = n.putArray("errors");
            r.errors().forEach(errors::add);
            JsonOutput.print(ctx.out(), n);
        } else {
            ctx.out()
                    .printf(
                            "checked %d snapshots, %d packs, %d blobs%s%n",
                            r.snapshotsChecked(),
                            r.packsChecked(),
                            r.blobsChecked(),
                            r.readData()
                                    ? ", read " + Sizes.human(r.bytesRead()) + " of " + r.packsRead() + " packs"
                                    : "");
            for (VerifyReport.DamagedBlob d : r.damaged()) {
                ctx.out()
                        .printf(
                                "damaged %s blob %s in %s: %s; needed by snapshots %s%n",
                                d.type(),
                                d.blobId(),
                                d.pack() == null ? "no pack" : d.pack(),
                                d.problem(),
                                d.snapshots().stream()
                                        .map(s -> s.length() > 8 ? s.substring(0, 8) : s)
                                        .toList());
            }
            for (String e : r.errors()) {
                ctx.out().println("error: " + e);
            }
            long recoverable = r.damaged().stream()
                    .filter(VerifyReport.DamagedBlob::recoverable)
                    .count();
            ctx.out()
                    .println(
                            r.ok()
                                    ? "no errors were found"
                                    : (r.damaged().size() + " damaged blobs"
                                            + (recoverable == 0
                                                    ? ""
                                                    : " (" + recoverable + " still readable from another copy)")
                                            + ", "
                                            + r.errors().size() + " other errors"));
        }
        return r.ok() ? ExitCodes.OK : ExitCodes.DAMAGE_FOUND;
    }
}
