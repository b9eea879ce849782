package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.repository.PruneOptions;
import com.textloom.backup.repository.PruneReport;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.retention.RetentionCandidate;
import com.textloom.backup.repository.retention.RetentionDecision;
import com.textloom.backup.repository.retention.RetentionPlan;
import com.textloom.backup.repository.retention.RetentionPolicy;
import com.textloom.backup.repository.storage.BlobStore;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "forget",
        description = {
            "Remove snapshots by a retention policy (or the SNAPSHOTs named), optionally then prune.",
            "Like restic's forget: --keep-daily N keeps the newest snapshot of each of the N newest days"
                    + " that have one (weeks are ISO weeks, Monday first); --keep-last N the N newest. The"
                    + " newest successful snapshot is always kept. Without any --keep-* option the guide's"
                    + " defaults apply: BACKUP_DAILY_RETENTION_DAYS (7), BACKUP_WEEKLY_RETENTION_WEEKS (4),"
                    + " BACKUP_MONTHLY_RETENTION_MONTHS (12); with some, the others are 0.",
            "The policy applies separately to each group of snapshots with the same component names (a"
                    + " Redis-only snapshot never displaces a backup of every component); the host does not"
                    + " count.",
            "--dry-run lists every snapshot with keep/forget and why, and changes nothing.",
            "Forgetting takes an exclusive lock (waits up to --lock-wait for running backups)."
        })
final class ForgetCommand extends RepoSubcommand {
    @Parameters(
            paramLabel = "SNAPSHOT",
            arity = "0..*",
            description = "Forget exactly these" + " snapshots (no policy).")
    List<String> snapshots = List.of();

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest snapshots.")
    Integer keepLast;

    @Option(names = "--keep-daily", paramLabel = "N", description = "Keep one per day for N days.")
    Integer keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", description = "Keep one per ISO week for N weeks.")
    Integer keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", description = "Keep one per month for N months.")
    Integer keepMonthly;

    @Option(
            names = "--timezone",
            paramLabel = "ZONE",
            description = "Time zone in which days begin"
                    + " (default: $BACKUP_RETENTION_TIMEZONE, $TZ, else UTC), e.g. Asia/Shanghai.")
    String timezone;

    @Option(names = "--dry-run", description = "Only show what would be forgotten.")
    boolean dryRun;

    @Option(names = "--prune", description = "Prune unreferenced data afterwards.")
    boolean prune;

    ForgetCommand(CliContext ctx) {
        super(ctx);
    }

    RetentionPolicy policy() {
        RetentionPolicy env = RetentionPolicy.fromEnvironment(ctx.env());
        ZoneId zone = timezone == null ? env.zone() : ZoneId.of(timezone);
        if (keepLast == null && keepDaily == null && keepWeekly == null && keepMonthly == null) {
            return env.withZone(zone);
        }
        return new RetentionPolicy(n(keepLast), n(keepDaily), n(keepWeekly), n(keepMonthly), zone);
    }

    private static int n(Integer v) {
        return v == null ? 0 : v;
    }

    @Override
    protected int run() throws Exception {
        boolean explicit = !snapshots.isEmpty();
        if (explicit && (keepLast != null || keepDaily != null || keepWeekly != null || keepMonthly != null)) {
            throw new IllegalArgumentException("give either SNAPSHOTs or --keep-* options, not both");
        }
        RetentionPolicy policy = explicit ? null : policy();
        var out = JsonOutput.object();
        out.put("dry_run", dryRun);
        List<String> gone = new ArrayList<>();
        try (BlobStore store = openStore();
                Repository repo = open(store)) {
            if (explicit) {
                for (String s : snapshots) {
                    gone.add(repo.snapshot(s).id());
                }
            } else {
                // the policy applies within each group of snapshots with the same components
                List<RetentionCandidate> candidates = new ArrayList<>();
                for (SnapshotInfo s : repo.snapshots()) {
                    candidates.add(RetentionCandidate.of(s));
                }
                RetentionPlan plan = policy.apply(candidates);
                out.put("policy", policy.toString());
                if (!json) {
                    ctx.out().println("policy: " + policy);
                }
                var decisions = out.putArray("decisions");
                for (RetentionDecision d : plan.decisions()) {
                    var dn = decisions.addObject();
                    dn.put("id", d.snapshot().id());
                    dn.put("group", d.snapshot().group());
                    dn.put("time", d.snapshot().time().toString());
                    dn.put("keep", d.keep());
                    var reasons = dn.putArray("reasons");
                    d.reasons().forEach(reasons::add);
                }
                if (!json) {
                    Map<String, List<String>> lines = new TreeMap<>();
                    List<String> described = plan.describe();
                    for (int i = 0; i < described.size(); i++) {
                        lines.computeIfAbsent(plan.decisions().get(i).snapshot().group(), g -> new ArrayList<>())
                                .add(described.get(i));
                    }
                    lines.forEach((g, ls) -> {
                        ctx.out().println("components " + g + ":");
                        ls.forEach(l -> ctx.out().println("  " + l));
                    });
                }
                plan.forget().forEach(c -> gone.add(c.id()));
            }
            var forgotten = out.putArray("forgotten");
            gone.forEach(forgotten::add);
            if (!dryRun && !gone.isEmpty()) {
                repo.forget(gone); // under an exclusive lock the repository takes
            }
            if (prune && !dryRun) {
                PruneReport r = repo.prune(PruneOptions.defaults());
                out.set("prune", PruneCommand.toJson(r));
                if (!json) {
                    PruneCommand.print(ctx.out(), r);
                }
            }
        }
        if (json) {
            JsonOutput.print(ctx.out(), out);
        } else {
            ctx.out()
                    .println((dryRun ? "would forget " : "forgot ") + gone.size() + " snapshot"
                            + (gone.size() == 1 ? "" : "s"));
        }
        return ExitCodes.OK;
    }
}
