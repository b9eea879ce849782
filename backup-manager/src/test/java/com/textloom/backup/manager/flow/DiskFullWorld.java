package com.textloom.backup.manager.flow;

import com.textloom.backup.manager.testing.ManagerWorld;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.testservers.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A manager whose repository lives on a small file system of its own (a {@value #SIZE_MIB} MiB
 * tmpfs) that a ballast file fills to {@value #FREE_MIB} MiB free, and a workspace of
 * {@value #WORKSPACE_MIB} MiB of incompressible files: its first backup runs out of space after the
 * first 16 MiB pack. The test frees the space by deleting {@link #ballast}. When the tmpfs cannot be
 * mounted (not root, no mount), {@link #mounted} stays false and the test is skipped.
 */
public class DiskFullWorld implements QuarkusTestResourceLifecycleManager {
    static final int SIZE_MIB = 64;
    static final int FREE_MIB = 24;
    static final int WORKSPACE_MIB = 30;
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String API_KEY = "disk-key-" + SUFFIX;
    static Path root;
    static Path mount;
    static Path ballast;
    static Path workspace;
    static String key;
    static boolean mounted;
    static String mountError;

    @Override
    public Map<String, String> start() {
        try {
            root = Path.of("target", "disk-full-it-" + SUFFIX).toAbsolutePath();
            Map<String, String> c = ManagerWorld.directories(root);
            mount = Files.createDirectories(root.resolve("small-fs"));
            workspace = root.resolve("workspace");
            mounted = run("mount", "-t", "tmpfs", "-o", "size=" + SIZE_MIB + "m,mode=0700", "tmpfs", mount.toString());
            if (mounted) {
                ballast = mount.resolve("ballast");
                write(ballast, (SIZE_MIB - FREE_MIB) << 20, 1);
            }
            Random seeds = new Random(7);
            for (int i = 0; i < WORKSPACE_MIB; i++) {
                write(workspace.resolve("media-" + i + ".bin"), 1 << 20, seeds.nextLong());
            }
            key = KeySource.generateKey();
            c.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
            c.put("mp.messaging.incoming.requests.topic", "it.disk.requests." + SUFFIX);
            c.put("mp.messaging.incoming.requests.group.id", "it-disk-" + SUFFIX);
            c.put("mp.messaging.outgoing.requests-out.topic", "it.disk.requests." + SUFFIX);
            c.put("mp.messaging.outgoing.events.topic", "it.disk.events." + SUFFIX);
            c.put("BACKUP_LOCAL_DIR", mount.resolve("backups").toString()); // on the small file system
            c.put("BACKUP_ENCRYPTION_KEY", key);
            c.put("BACKUP_API_KEY", "ops=" + API_KEY);
            c.put("backup.api-key", "ops=" + API_KEY);
            c.put("BACKUP_PARALLEL_JOBS", "2");
            return c;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot make the disk-full world: " + e, e);
        }
    }

    private static void write(Path file, int bytes, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int left = bytes; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, Math.min(left, buf.length));
            }
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            mountError = String.join(" ", command) + ": " + out;
            return false;
        }
        return true;
    }

    @Override
    public void stop() {
        if (mounted) {
            try {
                if (!run("umount", mount.toString())) {
                    run("umount", "-l", mount.toString());
                }
            } catch (IOException | InterruptedException e) {
                // the mount goes with the machine; nothing else to do
            }
        }
    }
}
