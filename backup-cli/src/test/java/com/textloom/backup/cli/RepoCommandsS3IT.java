package com.textloom.backup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.TestTrees;
import com.textloom.backup.testservers.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code repo} commands against a real S3 endpoint (S3Proxy in its own JVM). */
class RepoCommandsS3IT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final CliRunner cli = new CliRunner();
    S3ProxyServer s3;

    @BeforeEach
    void setUp() {
        s3 = S3ProxyServer.shared();
        cli.env.put("BACKUP_ENCRYPTION_KEY", KeySource.generateKey());
        cli.env.put("MINIO_ACCESS_KEY", s3.accessKey());
        cli.env.put("MINIO_SECRET_KEY", s3.secretKey());
        cli.env.put("BACKUP_PARALLEL_JOBS", "2");
    }

    private String bucketUri(String prefix) {
        return "s3:" + s3.endpoint() + "/cli-" + UUID.randomUUID().toString().substring(0, 8) + "/" + prefix;
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    @Test
    void backsUpToS3AndRestoresByteForByte() throws Exception {
        String repo = bucketUri("textloom/prod");
        Path src = dir.resolve("workspace");
        Trees.generate(src, 11);
        ok("repo", "init", "--repo", repo);
        ok("repo", "backup", "--repo", repo, src.toString());
        byte[] dump = new byte[2_000_000];
        new Random(3).nextBytes(dump);
        CliRunner.Result b = cli.runWithInput(
                new ByteArrayInputStream(dump), "repo", "backup", "--repo", repo, "--stdin", "--component", "database");
        assertEquals(0, b.exit(), b.toString());

        JsonNode list =
                JSON.readTree(ok("repo", "snapshots", "--repo", repo, "--json").stdout());
        assertEquals(2, list.size());
        Path target = dir.resolve("restored");
        ok("repo", "restore", "--repo", repo, list.get(0).get("id").asText(), "--target", target.toString());
        TestTrees.assertSameTree(src, target, java.util.List.of());
        assertEquals(
                java.util.Arrays.toString(dump).hashCode(),
                java.util.Arrays.toString(ok("repo", "dump", "--repo", repo, "latest", "--component", "database")
                                .stdout())
                        .hashCode());
        assertTrue(ok("repo", "verify", "--repo", repo, "--read-data").out().contains("no errors were found"));
    }

    @Test
    void copiesALocalRepositoryToS3AndTheCopyRestores() throws Exception {
        String local = dir.resolve("local-repo").toString();
        String remote = bucketUri("copy");
        Path src = dir.resolve("workspace");
        Trees.generate(src, 12);
        ok("repo", "init", "--repo", local);
        ok("repo", "backup", "--repo", local, src.toString());

        JsonNode first = JSON.readTree(
                ok("repo", "copy", "--repo", local, "--to", remote, "--json").stdout());
        assertEquals(1, first.get("snapshots_copied").size());
        assertTrue(first.get("blobs_copied").asLong() > 0);
        JsonNode again = JSON.readTree(
                ok("repo", "copy", "--repo", local, "--to", remote, "--json").stdout());
        assertEquals(0, again.get("blobs_copied").asLong(), "nothing is copied twice");

        Path target = dir.resolve("from-s3");
        ok("repo", "restore", "--repo", remote, "latest", "--target", target.toString());
        TestTrees.assertSameTree(src, target, java.util.List.of());
    }

    @Test
    void minioNamesTheStoreOfTheVariablesTheManagerCopiesTo() throws Exception {
        String bucket = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        cli.env.put("MINIO_ENDPOINT", s3.endpoint().replaceFirst("^http://", ""));
        cli.env.put("MINIO_BUCKET", bucket);
        cli.env.put("MINIO_PREFIX", "/textloom/");
        Path src = dir.resolve("workspace");
        Trees.generate(src, 13);
        String local = dir.resolve("local-repo").toString();
        ok("repo", "init", "--repo", local);
        ok("repo", "backup", "--repo", local, src.toString());
        ok("repo", "copy", "--repo", local, "--to", "minio");

        String uri = "s3:" + s3.endpoint() + "/" + bucket + "/textloom";
        assertEquals(
                1,
                JSON.readTree(ok("repo", "snapshots", "--repo", uri, "--json").stdout())
                        .size(),
                "--to minio is " + uri);
        Path target = dir.resolve("from-minio");
        ok("repo", "restore", "--repo", "minio", "latest", "--target", target.toString());
        TestTrees.assertSameTree(src, target, java.util.List.of());
    }

    @Test
    void anUnreachableEndpointExitsOneNamingIt() {
        CliRunner.Result r = cli.run("repo", "snapshots", "--repo", "s3:http://127.0.0.1:1/none");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("127.0.0.1:1"), r.stderr());
    }
}
