package com.textloom.backup.testservers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A test JVM killed with SIGKILL runs no shutdown hook: its servers must still go away, with their data. */
class KilledTestJvmIT {

    @ParameterizedTest
    @ValueSource(strings = {"kafka", "s3"})
    void aServerEndsAndDeletesItsDataWhenTheJvmThatStartedItIsKilled(String server) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        String serversDir = System.getProperty(RuntimeClasspath.SERVERS_DIR_PROPERTY);
        if (serversDir != null) {
            command.add("-D" + RuntimeClasspath.SERVERS_DIR_PROPERTY + "=" + serversDir);
        }
        command.add(ServerHolder.class.getName());
        command.add(server);
        Process holder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long serverPid;
        Path dataDir;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertNotNull(ready, "the holder JVM died before its server was ready");
            String[] parts = ready.split(" ", 3);
            serverPid = Long.parseLong(parts[1]);
            dataDir = Paths.get(parts[2]);
            assertTrue(Files.isDirectory(dataDir));

            holder.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
        }

        ProcessHandle serverProcess = ProcessHandle.of(serverPid).orElse(null);
        if (serverProcess != null) {
            serverProcess.onExit().get(15, TimeUnit.SECONDS);
        }
        assertFalse(
                ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false),
                server + " JVM outlived the killed test JVM");
        assertFalse(Files.exists(dataDir), "data directory left behind: " + dataDir);
    }
}
