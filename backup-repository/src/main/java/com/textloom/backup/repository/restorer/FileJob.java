package com.textloom.backup.repository.restorer;

import com.textloom.backup.repository.tree.Node;
import java.nio.file.Path;

/** A regular file created empty by the tree walk whose content blobs are still to be written. */
record FileJob(Path path, Node node) {}
