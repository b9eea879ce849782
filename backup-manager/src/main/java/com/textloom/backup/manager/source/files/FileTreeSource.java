package com.textloom.backup.manager.source.files;

import com.textloom.backup.manager.source.BackupSource;
import com.textloom.backup.manager.source.ComponentResult;
import com.textloom.backup.manager.source.ComponentSink;
import com.textloom.backup.manager.source.SourceException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A directory backed up as a file tree: {@code workspace} ({@code TEXTLOOM_WORKSPACE_DIR}) and
 * {@code logs} ({@code TEXTLOOM_LOG_DIR}). Everything under the root is included, rotated and
 * compressed logs too; the repository skips files unchanged since the parent snapshot unless the
 * backup is {@code full}.
 *
 * <p>Before handing the tree over, the root is checked: a missing root, a file in its place or a
 * root the manager may not read fails the component with that reason, without touching the sink.
 * The tree's own proof is the repository's: every chunk is authenticated on restore, and the
 * restore reports files and bytes written against those recorded at backup.
 */
public final class FileTreeSource implements BackupSource {
    public static final String WORKSPACE = "workspace";
    public static final String LOGS = "logs";

    private final String component;
    private final Path root;

    public FileTreeSource(String component, Path root) {
        this.component = component;
        this.root = root;
    }

    @Override
    public String component() {
        return component;
    }

    public Path root() {
        return root;
    }

    @Override
    public ComponentResult backup(ComponentSink sink) throws SourceException {
        if (!Files.exists(root)) {
            throw new SourceException(component, "directory " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new SourceException(component, root + " is not a directory");
        }
        try (DirectoryStream<Path> probe = Files.newDirectoryStream(root)) {
            probe.iterator().hasNext();
        } catch (IOException e) {
            throw new SourceException(
                    component, "cannot read directory " + root + " (permission denied?): " + e.getMessage(), e);
        }
        try {
            sink.addTree(
                    component, root, Map.of("source_path", root.toAbsolutePath().toString()));
        } catch (IOException e) {
            throw new SourceException(component, "backing up " + root + " failed: " + e.getMessage(), e);
        }
        return new ComponentResult(component, Map.of(), List.of());
    }
}
