package com.textloom.backup.repository.retention;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The outcome of applying a {@link RetentionPolicy}: one {@link RetentionDecision} per snapshot,
 * newest first. Computing a plan changes nothing; the caller forgets {@link #forget()}.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>The policy applies to each {@linkplain RetentionCandidate#group() group} on its own, as if
 *       the others did not exist: a snapshot of some components never takes a bucket from a
 *       snapshot of others (a Redis-only backup every five minutes keeps no full backup out).</li>
 *   <li>The newest successful snapshot of each group is always kept, whatever the policy.</li>
 *   <li>Rules look at successful snapshots only; an unsuccessful snapshot is forgotten unless it
 *       is newer than every successful one of its group (it may be the only trace of the latest
 *       run).</li>
 *   <li>The decision depends only on the snapshots' times, ids and status: snapshots with equal
 *       times are ordered by id, so the same input always gives the same plan.</li>
 * </ul>
 */
public record RetentionPlan(RetentionPolicy policy, List<RetentionDecision> decisions) {

    public RetentionPlan {
        decisions = List.copyOf(decisions);
    }

    /** Newest first: time descending, then id descending. */
    static final Comparator<RetentionCandidate> NEWEST_FIRST = Comparator.comparing(RetentionCandidate::time)
            .thenComparing(RetentionCandidate::id)
            .reversed();

    static RetentionPlan compute(RetentionPolicy policy, Collection<RetentionCandidate> input) {
        Map<String, List<RetentionCandidate>> groups = new TreeMap<>();
        for (RetentionCandidate c : input) {
            groups.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c);
        }
        List<RetentionDecision> out = new ArrayList<>(input.size());
        for (List<RetentionCandidate> group : groups.values()) {
            decideGroup(policy, group, out);
        }
        out.sort(Comparator.comparing(RetentionDecision::snapshot, NEWEST_FIRST));
        return new RetentionPlan(policy, out);
    }

    private static void decideGroup(
            RetentionPolicy policy, List<RetentionCandidate> group, List<RetentionDecision> out) {
        List<RetentionCandidate> sorted = new ArrayList<>(group);
        sorted.sort(NEWEST_FIRST);
        List<Rule> rules = List.of(
                new Rule("last", policy.keepLast(), c -> c.id()),
                new Rule("daily", policy.keepDaily(), c -> day(c, policy)),
                new Rule("weekly", policy.keepWeekly(), c -> week(c, policy)),
                new Rule("monthly", policy.keepMonthly(), c -> month(c, policy)));
        RetentionCandidate newestOk = sorted.stream()
                .filter(RetentionCandidate::successful)
                .findFirst()
                .orElse(null);
        for (RetentionCandidate c : sorted) {
            List<String> reasons = new ArrayList<>();
            if (c.successful()) {
                for (Rule r : rules) {
                    r.offer(c).ifPresent(reasons::add);
                }
                if (reasons.isEmpty() && c == newestOk) {
                    reasons.add("newest successful");
                }
                out.add(
                        reasons.isEmpty()
                                ? new RetentionDecision(c, false, List.of("not kept by " + policy))
                                : new RetentionDecision(c, true, reasons));
            } else if (newestOk == null || c.time().isAfter(newestOk.time())) {
                out.add(new RetentionDecision(c, true, List.of("unsuccessful, newer than any successful")));
            } else {
                out.add(new RetentionDecision(c, false, List.of("unsuccessful, a newer successful exists")));
            }
        }
    }

    /** The snapshots that stay, newest first. */
    public List<RetentionCandidate> keep() {
        return decisions.stream()
                .filter(RetentionDecision::keep)
                .map(RetentionDecision::snapshot)
                .toList();
    }

    /** The snapshots to forget, newest first. */
    public List<RetentionCandidate> forget() {
        return decisions.stream()
                .filter(d -> !d.keep())
                .map(RetentionDecision::snapshot)
                .toList();
    }

    /**
     * One line per snapshot for a dry run, e.g.
     * {@code keep    3fa1b2c4  2025-08-20 23:30 +08:00  daily 2025-08-20, weekly 2025-W34}.
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (RetentionDecision d : decisions) {
            RetentionCandidate c = d.snapshot();
            String id = c.id().length() > 8 ? c.id().substring(0, 8) : c.id();
            lines.add(String.format(
                    "%-7s %-8s  %s  %s",
                    d.keep() ? "keep" : "forget",
                    id,
                    c.time()
                            .atZone(policy.zone())
                            .toOffsetDateTime()
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .toString(),
                    String.join(", ", d.reasons())));
        }
        return lines;
    }

    static String day(RetentionCandidate c, RetentionPolicy p) {
        return LocalDate.ofInstant(c.time(), p.zone()).toString();
    }

    static String week(RetentionCandidate c, RetentionPolicy p) {
        ZonedDateTime t = c.time().atZone(p.zone());
        return String.format("%04d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    static String month(RetentionCandidate c, RetentionPolicy p) {
        return YearMonth.from(c.time().atZone(p.zone())).toString();
    }

    /** One "keep the newest of each of the n newest buckets" rule; buckets arrive newest first. */
    private static final class Rule {
        private final String name;
        private final Function<RetentionCandidate, String> bucket;
        private int remaining;
        private String last;

        Rule(String name, int count, Function<RetentionCandidate, String> bucket) {
            this.name = name;
            this.remaining = count;
            this.bucket = bucket;
        }

        java.util.Optional<String> offer(RetentionCandidate c) {
            if (remaining == 0) {
                return java.util.Optional.empty();
            }
            String b = bucket.apply(c);
            if (b.equals(last)) {
                return java.util.Optional.empty();
            }
            last = b;
            if (remaining > 0) {
                remaining--;
            }
            return java.util.Optional.of(name.equals("last") ? "last" : name + " " + b);
        }
    }
}
