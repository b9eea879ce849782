package com.textloom.backup.scheduler.schedule;

/** Sends a {@link FireRequest} to the backup manager (in production: as an event on Kafka). */
public interface RequestPublisher {

    /**
     * Publishes {@code request} and returns once the broker has acknowledged it.
     *
     * @throws PublishException when it was not acknowledged; the caller may publish the same request again,
     *                          which is harmless because the consumer drops duplicate ids
     */
    void publish(FireRequest request);

    /** The request could not be published. */
    class PublishException extends RuntimeException {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
