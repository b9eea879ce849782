package com.textloom.backup.repository.storage.local;

import com.textloom.backup.repository.storage.BlobName;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.DiskFullException;
import com.textloom.backup.repository.storage.LengthCheckedInputStream;
import com.textloom.backup.repository.storage.StorageException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} in a local directory ({@code BACKUP_LOCAL_DIR}).
 *
 * <p>A blob {@code a/b/c} is the file {@code ROOT/a/b/c}. Puts write a temporary file under
 * {@code ROOT/.tmp/}, fsync it, rename it into place atomically and fsync the directory, so a
 * crash leaves either the whole blob or none (a leftover temporary file is never listed; those
 * older than a day are removed when the store is opened). Every change to a directory is made
 * durable the same way: a directory the store creates is followed by an fsync of its parent, a
 * delete by an fsync of the directory it removed the file from. A directory fsync that fails is a
 * failure of the operation ({@link StorageException}); only a file system that does not support
 * it at all (EINVAL or ENOTSUP, as some network and FUSE file systems answer) is tolerated, with
 * one warning, as restic does. Files are created 0600 and directories 0700. A full disk raises
 * {@link DiskFullException}.
 */
public final class LocalBlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBlobStore.class);
    private static final String TMP = ".tmp";
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private final Path root;
    private final Path tmp;
    private final DirectorySync directorySync;

    /** Makes the entries of a directory durable. */
    @FunctionalInterface
    interface DirectorySync {
        void sync(Path dir) throws IOException;
    }

    private LocalBlobStore(Path root, DirectorySync directorySync) {
        this.root = root;
        this.tmp = root.resolve(TMP);
        this.directorySync = directorySync;
    }

    /** Opens (creating if needed, 0700) the store rooted at {@code root}. */
    public static LocalBlobStore open(Path root) throws IOException {
        return open(root, LocalBlobStore::forceDirectory);
    }

    /** As {@link #open(Path)}, with {@code directorySync} making directory changes durable (tests observe it). */
    static LocalBlobStore open(Path root, DirectorySync directorySync) throws IOException {
        Path abs = root.toAbsolutePath().normalize();
        try {
            LocalBlobStore store = new LocalBlobStore(abs, directorySync);
            store.createDirs(abs);
            store.createDirs(store.tmp);
            store.removeOldTemporaryFiles();
            return store;
        } catch (IOException e) {
            throw failure("cannot open local store " + abs, e);
        }
    }

    private void removeOldTemporaryFiles() throws IOException {
        long cutoff = System.currentTimeMillis() - 24L * 3600 * 1000;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                try {
                    if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                        Files.deleteIfExists(p);
                    }
                } catch (NoSuchFileException gone) {
                    // another process cleaned it
                }
            }
        }
    }

    /** The directory of the store. */
    public Path root() {
        return root;
    }

    private Path pathOf(String name) {
        return root.resolve(BlobName.requireValid(name));
    }

    @Override
    public void put(String name, InputStream data, long length) throws IOException {
        Path target = pathOf(name);
        Path temp = tmp.resolve(UUID.randomUUID() + ".tmp");
        boolean renamed = false;
        try {
            createDirs(target.getParent());
            try (FileChannel ch = FileChannel.open(
                    temp,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                LengthCheckedInputStream in = new LengthCheckedInputStream(data, name, length);
                if (length == 0) {
                    in.requireEnd();
                } else {
                    in.transferTo(Channels.newOutputStream(ch));
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new StorageException("local store " + root + " cannot rename atomically", e);
            }
            renamed = true;
            directorySync.sync(target.getParent());
        } catch (IOException e) {
            deleteQuietly(temp);
            if (renamed) {
                deleteQuietly(target); // a failed put leaves no blob (BlobStore), even one not known to be durable
            }
            if (e instanceof StorageException se) {
                throw se;
            }
            throw failure("cannot write " + name + " to local store " + root, e);
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        Path p = pathOf(name);
        try {
            return Files.newInputStream(p);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(describe(), name);
        } catch (IOException e) {
            throw failure("cannot read " + name + " from local store " + root, e);
        }
    }

    @Override
    public InputStream openRange(String name, long offset, long length) throws IOException {
        Path p = pathOf(name);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + name);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(p, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(describe(), name);
        } catch (IOException e) {
            throw failure("cannot read " + name + " from local store " + root, e);
        }
        long size = ch.size();
        if (offset + length > size) {
            ch.close();
            throw new StorageException("range " + offset + "+" + length + " is past the end (" + size + " bytes) of "
                    + name + " in local store " + root);
        }
        return new RangeInputStream(ch, offset, length, name);
    }

    @Override
    public byte[] readAll(String name) throws IOException {
        try {
            return Files.readAllBytes(pathOf(name));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(describe(), name);
        } catch (IOException e) {
            throw failure("cannot read " + name + " from local store " + root, e);
        }
    }

    @Override
    public BlobInfo stat(String name) throws IOException {
        Path p = pathOf(name);
        try {
            if (!Files.isRegularFile(p)) {
                throw new BlobNotFoundException(describe(), name);
            }
            return new BlobInfo(name, Files.size(p));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(describe(), name);
        }
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        BlobName.requireValidPrefix(prefix);
        List<BlobInfo> out = new ArrayList<>();
        int slash = prefix.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : prefix.substring(0, slash);
        Path start = dirPart.isEmpty() ? root : root.resolve(dirPart);
        try {
            walk(start, dirPart, prefix, out);
        } catch (IOException e) {
            throw failure("cannot list " + prefix + " in local store " + root, e);
        }
        return out;
    }

    private void walk(Path dir, String rel, String prefix, List<BlobInfo> out) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String fileName = p.getFileName().toString();
                if (rel.isEmpty() && fileName.equals(TMP)) {
                    continue;
                }
                String name = rel.isEmpty() ? fileName : rel + "/" + fileName;
                if (Files.isDirectory(p)) {
                    String asDir = name + "/";
                    if (asDir.startsWith(prefix) || prefix.startsWith(asDir)) {
                        walk(p, name, prefix, out);
                    }
                } else if (name.startsWith(prefix)) {
                    try {
                        out.add(new BlobInfo(name, Files.size(p)));
                    } catch (NoSuchFileException gone) {
                        // deleted while listing: not part of the answer
                    }
                }
            }
        } catch (NoSuchFileException gone) {
            // directory removed meanwhile
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Path p = pathOf(name);
        try {
            if (Files.deleteIfExists(p)) {
                directorySync.sync(p.getParent());
            }
        } catch (IOException e) {
            throw failure("cannot delete " + name + " from local store " + root, e);
        }
    }

    @Override
    public String describe() {
        return "local:" + root;
    }

    /** Creates {@code dir} and missing parents (0700), each made durable in its parent. */
    private void createDirs(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirs(dir.getParent());
        try {
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            // another thread or process created it: sync anyway, its sync may not have happened yet
        }
        directorySync.sync(dir.getParent());
    }

    /**
     * fsync of a directory. A file system that cannot do it at all (EINVAL, ENOTSUP) is tolerated:
     * renames there are as durable as the file system makes them. Any other error is thrown.
     */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Invalid argument") || m.contains("Operation not supported")) {
                if (WARNED.compareAndSet(false, true)) {
                    LOG.warn(
                            "the file system of {} cannot sync a directory ({}): a crash may lose the last renames "
                                    + "and deletes",
                            dir,
                            m);
                }
                return;
            }
            throw new IOException("cannot sync directory " + dir + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover temporary file is never listed
        }
    }

    private static StorageException failure(String message, IOException e) {
        if (DiskFullException.isNoSpace(e)) {
            return new DiskFullException(message + ": disk full", e);
        }
        return new StorageException(message + ": " + e, e);
    }

    /** A bounded window over a file channel, read with positional reads. */
    private static final class RangeInputStream extends InputStream {
        private final FileChannel ch;
        private final String name;
        private long pos;
        private final long end;

        RangeInputStream(FileChannel ch, long offset, long length, String name) {
            this.ch = ch;
            this.pos = offset;
            this.end = offset + length;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) {
                return -1;
            }
            int n = (int) Math.min(len, end - pos);
            int r = ch.read(ByteBuffer.wrap(b, off, n), pos);
            if (r < 0) {
                throw new EOFException("blob " + name + " shrank while reading");
            }
            pos += r;
            return r;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - pos);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
