package com.textloom.backup.repository.index;

import com.textloom.backup.repository.parallel.TaskResults;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.pack.SealedFiles;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Reads every index file of a repository, in parallel. */
public final class IndexLoader {
  public static final String PREFIX = "index/";

  private IndexLoader() {}

  /** Ids of every index file. */
  public static List<String> ids(BlobStore store) throws IOException {
    List<String> out = new ArrayList<>();
    for (BlobStore.BlobInfo b : store.list(PREFIX)) {
      String id = b.name().substring(PREFIX.length());
      if (FileIds.isValid(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /** Reads and decodes one index file. */
  public static IndexFile read(BlobStore store, MasterKey key, String id) throws IOException {
    String name = PREFIX + id;
    return IndexFile.decode(SealedFiles.read(store, key, name), name);
  }

  /**
   * Reads every index file ({@code jobs} at a time). An index file deleted while listing (by a
   * concurrent prune that already wrote its replacement) is skipped.
   *
   * @return index id to its content, in listing order
   */
  public static Map<String, IndexFile> readAll(BlobStore store, MasterKey key, int jobs)
      throws IOException {
    return read(store, key, ids(store), jobs);
  }

  /**
   * Reads the given index files ({@code jobs * 2} at a time); one deleted meanwhile is left out.
   *
   * @return index id to its content, in the order given
   */
  public static Map<String, IndexFile> read(BlobStore store, MasterKey key, List<String> ids,
      int jobs) throws IOException {
    Map<String, IndexFile> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs * 2, ids.size())));
    try {
      List<Future<IndexFile>> futures = new ArrayList<>();
      for (String id : ids) {
        futures.add(pool.submit(() -> {
          try {
            return read(store, key, id);
          } catch (BlobNotFoundException gone) {
            return null;
          }
        }));
      }
      for (int i = 0; i < ids.size(); i++) {
        IndexFile f = TaskResults.get(futures.get(i));
        if (f != null) {
          out.put(ids.get(i), f);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /** Loads all index files into a new master index. */
  public static MasterIndex load(BlobStore store, MasterKey key, int jobs) throws IOException {
    MasterIndex index = new MasterIndex();
    for (IndexFile f : readAll(store, key, jobs).values()) {
      for (IndexFile.PackRecord p : f.packs()) {
        index.add(p.packId(), p.entries());
      }
    }
    return index;
  }
}
