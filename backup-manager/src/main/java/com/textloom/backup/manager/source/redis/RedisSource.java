package com.textloom.backup.manager.source.redis;

import com.textloom.backup.manager.source.BackupSource;
import com.textloom.backup.manager.source.ComponentResult;
import com.textloom.backup.manager.source.ComponentSink;
import com.textloom.backup.manager.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code redis} component: a point-in-time RDB snapshot of the whole server, taken online
 * through the replication protocol ({@link ReplicationSnapshot}) and streamed into the sink as the
 * stream {@value #STREAM}. While it flows, a second thread parses the same bytes and computes the
 * {@link RedisFigures} of exactly that snapshot (and checks the RDB checksum).
 */
public final class RedisSource implements BackupSource {
    public static final String COMPONENT = "redis";
    public static final String STREAM = "redis";

    private final RedisLocation location;

    public RedisSource(RedisLocation location) {
        this.location = location;
    }

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public ComponentResult backup(ComponentSink sink) throws SourceException {
        List<String> warnings = new ArrayList<>();
        InputStream snapshot;
        try {
            snapshot = ReplicationSnapshot.open(location);
        } catch (IOException e) {
            throw new SourceException(COMPONENT, "snapshot of " + location + " failed: " + e.getMessage(), e);
        }
        TeePipe pipe = new TeePipe();
        RedisFigures figures = new RedisFigures();
        int[] version = new int[1];
        CompletableFuture<Void> parsing = CompletableFuture.runAsync(() -> {
            RdbReader reader = new RdbReader(pipe.reader());
            try {
                reader.read(figures);
                version[0] = reader.version();
            } catch (IOException e) {
                pipe.detach();
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        try (InputStream in = pipe.tee(snapshot)) {
            sink.addStream(STREAM, in, Map.of("format", "rdb", "server", location.toString()));
        } catch (IOException e) {
            pipe.detach();
            throw new SourceException(COMPONENT, "snapshot of " + location + " failed: " + e.getMessage(), e);
        }
        try {
            parsing.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            warnings.add("figures not computed, the snapshot can only be restored as an RDB file: "
                    + e.getCause().getMessage());
            return new ComponentResult(COMPONENT, Map.of(), warnings);
        } catch (InterruptedException | TimeoutException e) {
            throw new SourceException(COMPONENT, "computing figures did not finish");
        }
        Map<String, String> out = new java.util.TreeMap<>(figures.figures());
        out.put("rdb_version", Integer.toString(version[0]));
        return new ComponentResult(COMPONENT, out, warnings);
    }
}
