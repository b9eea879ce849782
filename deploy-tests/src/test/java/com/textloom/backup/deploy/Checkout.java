package com.textloom.backup.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.Constructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The checkout under test and the external tools the deployment tests run. A tool that is not installed fails the
 * test with a message naming what installs it ({@code bin/test} does); nothing is skipped silently.
 */
final class Checkout {

    /** The repository root: the nearest directory above the working directory holding {@code .env.backup.example}. */
    static final Path ROOT = root();

    private Checkout() {}

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".env.backup.example"))) {
            dir = dir.getParent();
        }
        assertTrue(
                dir != null,
                ".env.backup.example not found above " + Path.of("").toAbsolutePath());
        return dir;
    }

    /** The outcome of one command: its exit code and its standard output and error, interleaved. */
    record Run(int exitCode, String output) {}

    /**
     * Runs {@code command} in {@code dir} with {@code environment} added, for at most {@code timeoutSeconds};
     * standard input is empty. Fails the test when the program is not installed ({@code installHint} says how).
     */
    static Run run(
            Path dir, Map<String, String> environment, long timeoutSeconds, String installHint, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed: " + installHint + " (bin/test installs it)", e);
        }
        try (InputStream out = process.getInputStream()) {
            byte[] bytes = out.readNBytes(4 << 20);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(String.join(" ", command) + ": still running after " + timeoutSeconds + " s");
            }
            return new Run(process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Like {@link #run} from the root, failing the test with the output when the exit code is not 0. */
    static String succeed(String installHint, String... command) {
        Run run = run(ROOT, Map.of(), 300, installHint, command);
        if (run.exitCode() != 0) {
            fail(String.join(" ", command) + " exited " + run.exitCode() + ":\n" + run.output());
        }
        return run.output();
    }

    /**
     * Every document of a (multi-document) YAML text, YAML merge keys resolved; Compose's tags {@code !reset} and
     * {@code !override} read as the value they carry.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new ComposeTags(new LoaderOptions())).loadAll(text)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    /** The published ports of a Compose file not bound to 127.0.0.1, as {@code "service port"}. */
    static List<String> portsOnEveryInterface(Map<String, Object> compose) {
        List<String> open = new ArrayList<>();
        map(compose.get("services")).forEach((name, service) -> {
            Object ports = at(service, "ports");
            for (Object port : ports instanceof List<?> l ? l : List.of()) {
                if (!String.valueOf(port).startsWith("127.0.0.1:")) {
                    open.add(name + " " + port);
                }
            }
        });
        return open;
    }

    /** SnakeYAML's constructor plus Compose's {@code !reset} and {@code !override}, each as its plain value. */
    private static final class ComposeTags extends Constructor {
        ComposeTags(LoaderOptions options) {
            super(options);
            for (String tag : List.of("!reset", "!override")) {
                yamlConstructors.put(new Tag(tag), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        return switch (node.getNodeId()) {
                            case scalar -> constructScalar((ScalarNode) node);
                            case sequence -> constructSequence((SequenceNode) node);
                            default -> constructMapping((MappingNode) node);
                        };
                    }
                });
            }
        }
    }

    /** The one document of a YAML file of the checkout. */
    static Map<String, Object> yamlFile(String path) {
        try {
            return yamlDocuments(Files.readString(ROOT.resolve(path))).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the files and folders {@code trees} of the checkout (paths from its root) to the same paths below {@code target}. */
    static void copyTrees(Path target, String... trees) throws IOException {
        for (String tree : trees) {
            try (java.util.stream.Stream<Path> files = Files.walk(ROOT.resolve(tree))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path copy = target.resolve(ROOT.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.createDirectories(copy.getParent());
                        Files.copy(f, copy);
                    }
                }
            }
        }
    }

    /** Runs the npm-installed schema validator of this module ({@code src/test/node/validate.mjs MODE FILE}). */
    static void validateSchema(String mode, Path file) {
        Path module = ROOT.resolve("deploy-tests");
        assertTrue(
                Files.isDirectory(module.resolve("node_modules/kubernetes-models")),
                "the schema validators are not installed: npm ci --prefix deploy-tests (bin/test does it)");
        Run run = run(
                module,
                Map.of(),
                120,
                "Node.js (Debian package nodejs)",
                "node",
                "src/test/node/validate.mjs",
                mode,
                file.toString());
        if (run.exitCode() != 0) {
            fail(file + " does not match its schema (" + mode + "):\n" + run.output());
        }
    }

    /** The value at {@code path} (map keys, or list indexes as numbers) of a parsed YAML/JSON tree, or null. */
    static Object at(Object tree, Object... path) {
        Object node = tree;
        for (Object key : path) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(key);
            } else if (node instanceof List<?> list && key instanceof Integer i && i < list.size()) {
                node = list.get(i);
            } else {
                return null;
            }
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node) {
        return node == null ? List.of() : (List<Map<String, Object>>) node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }
}
