/**
 * Real servers for tests and the local stack, each started in its own JVM from jars that Maven
 * resolved: a single-node KRaft Kafka broker ({@link com.textloom.backup.testservers.KafkaBroker}) and
 * an S3 API endpoint ({@link com.textloom.backup.testservers.S3ProxyServer}); and the suite's own packaged
 * Quarkus services ({@link com.textloom.backup.testservers.PackagedService}). A
 * {@link com.textloom.backup.testservers.TcpGate} cuts one client's path to a server (a network partition);
 * {@code KafkaBroker.startWithGatedListener()} puts one in front of a second broker listener.
 *
 * <p>Guarantees shared by both servers: a server started for a test listens on 127.0.0.1 on a free port,
 * keeps its data in a private temporary directory (mode 0700), and is stopped with its directory deleted
 * when {@code close()} is called, when the test JVM exits (shutdown hook), and even when the test JVM is
 * killed (the server's JVM watches its parent and exits when the parent is gone). A packaged service keeps
 * its working directory and log (the caller's), and is stopped the same three ways. Use
 * {@link com.textloom.backup.testservers.KafkaTestResource} and
 * {@link com.textloom.backup.testservers.S3TestResource} from Quarkus tests; plain JUnit tests call
 * {@code KafkaBroker.shared()} / {@code S3ProxyServer.shared()}.
 */
package com.textloom.backup.testservers;
