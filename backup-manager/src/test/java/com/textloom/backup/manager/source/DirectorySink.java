package com.textloom.backup.manager.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A test sink that stores streams as files in a directory, and opens them again for restores. */
public final class DirectorySink implements ComponentSink, StreamOpener {
    private final Path dir;
    public final Map<String, Map<String, String>> metadata = new HashMap<>();
    public final Map<String, Path> trees = new HashMap<>();

    public DirectorySink(Path dir) {
        this.dir = dir;
    }

    @Override
    public void addStream(String name, InputStream in, Map<String, String> meta) throws IOException {
        Path tmp = dir.resolve(name + ".partial");
        try (in) {
            Files.copy(in, tmp);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, dir.resolve(name));
        metadata.put(name, meta);
    }

    @Override
    public void addTree(String name, Path root, Map<String, String> meta) {
        trees.put(name, root);
        metadata.put(name, meta);
    }

    @Override
    public InputStream open(String streamName) throws IOException {
        return Files.newInputStream(dir.resolve(streamName));
    }

    public boolean has(String streamName) {
        return Files.exists(dir.resolve(streamName));
    }

    public long size(String streamName) throws IOException {
        return Files.size(dir.resolve(streamName));
    }
}
