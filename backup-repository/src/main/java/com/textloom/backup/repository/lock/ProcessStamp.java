package com.textloom.backup.repository.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process of this machine as Linux's {@code /proc} identifies it. Lock files carry the holder's
 * stamp (FORMAT.md §9, "Dead holder") so that a lock whose holder is gone ({@code kill -9}, the OOM
 * killer, a crash) is told apart from a live one at once, as restic's {@code Lock.Stale()} does,
 * without the two mistakes a bare pid invites: a pid of another machine, boot or pid namespace
 * (containers) means nothing here, and a pid reused by a later process is not the holder.
 *
 * <p>Guarantee: {@link #liveness} answers {@link Liveness#GONE} only when the stamp was made in
 * this very boot and pid namespace and this process can see every process of the holder's user,
 * and {@code /proc} shows no process with that pid, or one that started at another time, or one
 * that has exited (a zombie). Everything it cannot be sure of is {@link Liveness#UNKNOWN}: the lock
 * then waits for its lease like any other. Not Linux: no stamp, always unknown.
 *
 * @param bootId {@code /proc/sys/kernel/random/boot_id}: the kernel boot the pid belongs to
 * @param pidNamespace the target of {@code /proc/<pid>/ns/pid} ({@code pid:[4026531836]}): a pid
 *     means the same process only within one namespace
 * @param uid the holder's effective user id: with {@code /proc} mounted {@code hidepid}, processes
 *     of other users are invisible to anyone but root
 * @param startTicks field 22 of {@code /proc/<pid>/stat}, when the process started in clock ticks
 *     after boot: a later process given the same pid has another
 */
public record ProcessStamp(String bootId, String pidNamespace, long uid, long startTicks) {

    /** What {@code /proc} says of a stamped process. */
    public enum Liveness {
        ALIVE,
        GONE,
        UNKNOWN
    }

    private static final Path PROC = Path.of("/proc");
    private static volatile Optional<ProcessStamp> self;

    /**
     * The stamp of this process; empty when it cannot be read, or when {@code /proc} belongs to
     * another pid namespace than this process (then no pid could be checked in it).
     */
    public static Optional<ProcessStamp> self() {
        Optional<ProcessStamp> s = self;
        if (s == null) {
            long pid = ProcessHandle.current().pid();
            try {
                String seen = Files.readSymbolicLink(PROC.resolve("self")).toString();
                s = seen.equals(Long.toString(pid)) ? of(pid) : Optional.empty();
            } catch (IOException | UnsupportedOperationException e) {
                s = Optional.empty();
            }
            self = s;
        }
        return s;
    }

    /** The stamp of process {@code pid} of this machine; empty when it cannot be read. */
    public static Optional<ProcessStamp> of(long pid) {
        try {
            Path dir = PROC.resolve(Long.toString(pid));
            String boot = Files.readString(PROC.resolve("sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
                    .strip();
            String ns = Files.readSymbolicLink(dir.resolve("ns/pid")).toString();
            long uid = -1;
            for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
                }
            }
            String[] stat = statFields(pid);
            if (boot.isEmpty() || uid < 0 || stat == null) {
                return Optional.empty();
            }
            return Optional.of(new ProcessStamp(boot, ns, uid, Long.parseLong(stat[19])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether process {@code pid}, stamped {@code recorded} when it wrote its lock, still runs, as
     * far as this process can tell (see the class comment).
     */
    public static Liveness liveness(long pid, ProcessStamp recorded) {
        ProcessStamp me = self().orElse(null);
        if (recorded == null
                || me == null
                || pid <= 0
                || !recorded.bootId.equals(me.bootId)
                || !recorded.pidNamespace.equals(me.pidNamespace)
                || (recorded.uid != me.uid && me.uid != 0)) {
            return Liveness.UNKNOWN;
        }
        String[] stat;
        try {
            stat = statFields(pid);
        } catch (NoSuchFileException gone) {
            return Liveness.GONE;
        } catch (IOException | RuntimeException e) {
            return Liveness.UNKNOWN;
        }
        if (stat == null) {
            return Liveness.UNKNOWN;
        }
        String state = stat[0];
        if (state.equals("Z") || state.equals("X") || Long.parseLong(stat[19]) != recorded.startTicks) {
            return Liveness.GONE; // exited and not yet reaped, or the pid now names a later process
        }
        return Liveness.ALIVE;
    }

    /**
     * The fields of {@code /proc/<pid>/stat} after the command name (which may hold spaces and
     * parentheses): index 0 is field 3 (state), index 19 field 22 (start time); {@code null} when
     * the line is malformed.
     */
    private static String[] statFields(long pid) throws IOException {
        String line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
        int close = line.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] f = line.substring(close + 1).strip().split("\\s+");
        return f.length > 19 ? f : null;
    }
}
