/**
 * Fault injection against the real, packaged suite: the backup-manager's {@code quarkus-run.jar} in its own JVM
 * (killed with SIGKILL), the real Kafka broker and S3Proxy of {@code test-servers} (restarted, cut off by a TCP
 * gate), a repository on a small tmpfs that fills up, bytes flipped in packs, indexes and snapshots, and seeded
 * generators of malformed REST bodies and request events.
 *
 * <p>Every random choice comes from one seed ({@link com.textloom.backup.reliability.Seeds}), printed at the start
 * and written with the figures to {@code target/reliability/figures.md}; {@code -Dreliability.seed=N} replays a run
 * (timings of the machine aside). What each scenario checks afterwards: {@code repo verify --read-data} clean or the
 * damage named exactly; no backup reported successful that does not restore byte for byte; no request lost or run
 * twice (operation store, snapshot tags, completion events); every bad input a 4xx or a dead letter.
 */
package com.textloom.backup.reliability;
