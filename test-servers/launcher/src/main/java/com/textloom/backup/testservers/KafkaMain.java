package com.textloom.backup.testservers;

import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Entry point of the broker JVM: formats the KRaft log directory on first use ({@code kafka.tools.StorageTool
 * format}, in this same JVM to save a JVM start), then runs {@code kafka.Kafka}.
 *
 * <p>Usage: {@code KafkaMain <server.properties> <log dir> <cluster id>}. Kafka classes are reached by name:
 * the launcher itself does not depend on Kafka.
 */
public final class KafkaMain {

    private KafkaMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: KafkaMain <server.properties> <log dir> <cluster id>");
        }
        String properties = args[0];
        if (!Files.exists(Paths.get(args[1], "meta.properties"))) {
            int status = (int) Class.forName("kafka.tools.StorageTool")
                    .getMethod("execute", String[].class, java.io.PrintStream.class)
                    .invoke(null, new String[] {"format", "--cluster-id", args[2], "--config", properties}, System.out);
            if (status != 0) {
                System.err.println("KafkaMain: formatting " + args[1] + " failed with status " + status);
                System.exit(status);
            }
        }
        Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) new String[] {properties});
    }
}
