package com.textloom.backup.testservers;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line used by {@code deploy/local/up}: starts one server detached (it outlives this command),
 * waits until it is ready, writes its pid to a file and exits.
 *
 * <pre>
 * LocalStack kafka --port 9092 [--controller-port 9093] --data DIR [--pid-file FILE]
 * LocalStack s3    --port 9000 --data DIR [--pid-file FILE]     (keys from MINIO_ACCESS_KEY / MINIO_SECRET_KEY)
 * </pre>
 *
 * Exit code 0 when the server is ready, 1 when it did not start (the end of its log is printed), 2 on bad
 * usage. Data directories are kept between runs.
 */
public final class LocalStack {

    private LocalStack() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("LocalStack: " + e.getMessage());
            System.err.println(
                    "usage: LocalStack kafka --port 9092 [--controller-port 9093] --data DIR [--pid-file FILE]");
            System.err.println("       LocalStack s3 --port 9000 --data DIR [--pid-file FILE]"
                    + "  (keys from MINIO_ACCESS_KEY, MINIO_SECRET_KEY)");
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("LocalStack: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int run(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("name a server: kafka or s3");
        }
        Map<String, String> options = options(args);
        Path data = Paths.get(required(options, "--data"));
        int port = port(options, "--port", required(options, "--port"));
        long started = System.nanoTime();
        long pid;
        String address;
        Path log;
        switch (args[0]) {
            case "kafka" -> {
                int controllerPort = port(
                        options,
                        "--controller-port",
                        options.getOrDefault("--controller-port", String.valueOf(port + 1)));
                KafkaBroker broker = KafkaBroker.startDetached(port, controllerPort, data);
                pid = broker.pid();
                address = broker.bootstrapServers();
                log = broker.logFile();
            }
            case "s3" -> {
                S3ProxyServer s3 = S3ProxyServer.startDetached(
                        port, data, environment("MINIO_ACCESS_KEY"), environment("MINIO_SECRET_KEY"));
                pid = s3.pid();
                address = s3.endpoint();
                log = s3.logFile();
            }
            default -> throw new IllegalArgumentException("unknown server '" + args[0] + "': kafka or s3");
        }
        if (options.containsKey("--pid-file")) {
            Directories.writePrivate(Paths.get(options.get("--pid-file")), pid + "\n");
        }
        System.out.printf(
                "%s ready on %s in %d ms (pid %d, log %s)%n",
                args[0], address, (System.nanoTime() - started) / 1_000_000, pid, log);
        return 0;
    }

    private static Map<String, String> options(String[] args) {
        List<String> known = List.of("--port", "--controller-port", "--data", "--pid-file");
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!known.contains(args[i])) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing option " + name);
        }
        return value;
    }

    private static int port(Map<String, String> options, String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (1-65535), got '" + value + "'");
        }
    }

    private static String environment(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return value;
    }
}
