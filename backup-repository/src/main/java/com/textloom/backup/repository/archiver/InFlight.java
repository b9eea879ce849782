package com.textloom.backup.repository.archiver;

/** Counts tasks in flight and lets a thread wait until none is left. */
final class InFlight {
    private int count;

    synchronized void begin() {
        count++;
    }

    synchronized void end() {
        if (--count == 0) {
            notifyAll();
        }
    }

    synchronized void awaitZero() throws InterruptedException {
        while (count > 0) {
            wait();
        }
    }
}
