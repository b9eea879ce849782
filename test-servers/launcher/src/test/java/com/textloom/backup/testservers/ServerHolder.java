package com.textloom.backup.testservers;

/**
 * A stand-in for a test JVM in {@link KilledTestJvmIT}: starts one server, prints its pid and data directory,
 * then waits to be killed.
 */
public final class ServerHolder {

    private ServerHolder() {}

    public static void main(String[] args) throws InterruptedException {
        if (args[0].equals("kafka")) {
            KafkaBroker broker = KafkaBroker.start();
            System.out.println("READY " + broker.pid() + " " + broker.dataDir());
        } else {
            S3ProxyServer s3 = S3ProxyServer.start();
            System.out.println("READY " + s3.pid() + " " + s3.dataDir());
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
