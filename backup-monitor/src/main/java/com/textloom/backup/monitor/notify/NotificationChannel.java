package com.textloom.backup.monitor.notify;

/** A way to reach the on-call person. Implementations are thread-confined by {@link Notifier}. */
public interface NotificationChannel {

    /** Channel name as shown in the API: email, webhook, slack. */
    String name();

    /** Sends one notification; throws when it did not get through (the notifier retries). */
    void send(Notification notification) throws Exception;
}
