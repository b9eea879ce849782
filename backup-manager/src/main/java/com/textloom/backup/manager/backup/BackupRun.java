package com.textloom.backup.manager.backup;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.manager.source.BackupSource;
import com.textloom.backup.manager.source.ComponentResult;
import com.textloom.backup.manager.source.ComponentSink;
import com.textloom.backup.manager.source.SourceException;
import com.textloom.backup.repository.manifest.ComponentOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the sources of one backup, one after the other, into one sink.
 *
 * <p>Guarantees: a failing component (server down, permission denied, tool error) is recorded with
 * its reason and the next component still runs; the outcome is {@code success} only when every
 * component succeeded without warnings, {@code failed} when none succeeded, else {@code partial}.
 */
public final class BackupRun {

    private BackupRun() {}

    /** The result of a run: per component, and overall. */
    public record Result(Outcome status, List<ComponentOutcome> components) {
        public Result {
            components = List.copyOf(components);
        }

        /** The failed components' reasons, joined, or null. */
        public String error() {
            List<String> errors = components.stream()
                    .filter(c -> !c.ok())
                    .map(ComponentOutcome::error)
                    .toList();
            return errors.isEmpty() ? null : String.join("; ", errors);
        }
    }

    /**
     * Runs every source.
     *
     * @param onComponentStart told the component name before each source runs (for progress)
     */
    public static Result run(List<BackupSource> sources, ComponentSink sink, Consumer<String> onComponentStart) {
        List<ComponentOutcome> outcomes = new ArrayList<>();
        for (BackupSource source : sources) {
            onComponentStart.accept(source.component());
            long start = System.nanoTime();
            try {
                ComponentResult r = source.backup(sink);
                outcomes.add(new ComponentOutcome(
                        source.component(), true, r.figures(), r.warnings(), null, millisSince(start)));
            } catch (SourceException e) {
                outcomes.add(new ComponentOutcome(
                        source.component(), false, Map.of(), List.of(), e.getMessage(), millisSince(start)));
            } catch (RuntimeException e) {
                outcomes.add(new ComponentOutcome(
                        source.component(),
                        false,
                        Map.of(),
                        List.of(),
                        source.component() + ": unexpected " + e,
                        millisSince(start)));
            }
        }
        return new Result(statusOf(outcomes), outcomes);
    }

    static Outcome statusOf(List<ComponentOutcome> outcomes) {
        long ok = outcomes.stream().filter(ComponentOutcome::ok).count();
        if (ok == 0) {
            return Outcome.FAILED;
        }
        boolean clean = ok == outcomes.size()
                && outcomes.stream().allMatch(c -> c.warnings().isEmpty());
        return clean ? Outcome.SUCCESS : Outcome.PARTIAL;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
