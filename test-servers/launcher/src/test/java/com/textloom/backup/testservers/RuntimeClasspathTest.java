package com.textloom.backup.testservers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeClasspathTest {

    private final String previous = System.getProperty(RuntimeClasspath.SERVERS_DIR_PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (previous == null) {
            System.clearProperty(RuntimeClasspath.SERVERS_DIR_PROPERTY);
        } else {
            System.setProperty(RuntimeClasspath.SERVERS_DIR_PROPERTY, previous);
        }
    }

    @Test
    void aMissingClasspathFileIsReportedWithTheMavenCommandThatWritesIt(@TempDir Path serversDir) throws Exception {
        Files.createDirectories(serversDir.resolve("kafka-runtime"));
        System.setProperty(RuntimeClasspath.SERVERS_DIR_PROPERTY, serversDir.toString());

        IllegalStateException missing =
                assertThrows(IllegalStateException.class, () -> RuntimeClasspath.of("kafka-runtime"));

        assertTrue(
                missing.getMessage().contains("mvn -B -q -pl test-servers/kafka-runtime install"),
                missing.getMessage());
    }

    @Test
    void aClasspathNamingAJarThatIsGoneIsReportedWithTheJar(@TempDir Path serversDir) throws Exception {
        Path target =
                Files.createDirectories(serversDir.resolve("s3proxy-runtime").resolve("target"));
        String gone = serversDir.resolve("gone.jar").toString();
        Files.writeString(target.resolve("classpath.txt"), target + File.pathSeparator + gone);
        System.setProperty(RuntimeClasspath.SERVERS_DIR_PROPERTY, serversDir.toString());

        IllegalStateException stale =
                assertThrows(IllegalStateException.class, () -> RuntimeClasspath.of("s3proxy-runtime"));

        assertTrue(stale.getMessage().contains(gone), stale.getMessage());
    }

    @Test
    void theBuiltClasspathOfTheBrokerNamesTheKafkaJarAndALoggingBinding() {
        String classpath = RuntimeClasspath.of("kafka-runtime");
        assertTrue(classpath.contains("kafka_2.13-"), classpath);
        assertTrue(classpath.contains("log4j-slf4j2-impl-"), "the broker would log nothing: " + classpath);
    }
}
