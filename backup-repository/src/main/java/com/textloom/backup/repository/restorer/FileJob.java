package com.textloom.backup.repository.restorer;

import com.textloom.backup.repository.tree.Node;
import java.nio.file.Path;

/**
 * A regular file whose content blobs are still to be written.
 *
 * @param exists whether the tree walk already created it (empty, 0600): a file with hard links; otherwise the
 *     {@link FileWriter} creates it ({@code CREATE_NEW}, 0600) at the first of its blobs to arrive
 */
record FileJob(Path path, Node node, boolean exists) {}
