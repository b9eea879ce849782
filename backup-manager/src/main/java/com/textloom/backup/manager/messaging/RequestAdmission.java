package com.textloom.backup.manager.messaging;

import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.support.messaging.RequestSignature;
import com.textloom.backup.support.messaging.SuiteDeadLetters;
import com.textloom.backup.support.messaging.SuiteEventDeserializer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Decides whether a record read from the requests topic may run: the one admission of every request the manager
 * obeys, whichever of its consumers reads it ({@link RequestListener}: backups, restores, verifies, retention;
 * {@code storage.StorageRequestListener}: storage switches). In this order ({@link #admit}):
 * <ol>
 *   <li>A record without value, or whose value is the JSON {@code null} (or blank), is refused as
 *       {@value #EMPTY}: it asks for nothing, so nothing of it runs.</li>
 *   <li>A record that is not a readable event of the suite is refused with the codec's reason: by the connector,
 *       since the channel reads through {@link RequestDeserializer} (the suite's deserializer, which keeps the value's
 *       exact bytes for the signature), with the suite's dead letters.</li>
 *   <li>An event the consumer does not obey is skipped (acknowledged, nothing run).</li>
 *   <li>The signature (service-support's {@link RequestSignature}): being able to write to the requests topic must
 *       not be enough to restore over live data, forget backups or move the backups to another store. With
 *       {@code BACKUP_EVENT_SIGNING_KEY} set, every request needs a valid, fresh signature, by that key or, during a
 *       rotation, by {@code BACKUP_EVENT_SIGNING_KEY_PREVIOUS} (which never signs). Without it, a destructive
 *       request ({@link #isDestructive}: an in-place restore, a retention, dry runs excepted, and every storage
 *       switch) is refused, and any other (backup, verify, a restore into a new target) runs unsigned, with a
 *       warning at start and for each request.</li>
 * </ol>
 * A refused record goes to the dead-letter topic with the reason in {@code dead-letter-reason}
 * ({@link #deadLetter}: service-support's {@link SuiteDeadLetters}, as for every channel of the suite) and nothing of it runs. The key
 * is read once, at start (logged by key id only); a key too short stops start-up naming the variable.
 */
@ApplicationScoped
public class RequestAdmission {
    private static final Logger LOG = Logger.getLogger(RequestAdmission.class);
    /** The dead-letter reason of a record that carries no request (no value, or the JSON {@code null}). */
    public static final String EMPTY = "empty request";

    private final Optional<RequestSignature> signature = RequestSignature.configured();

    void start(@Observes StartupEvent event) {
        if (signature.isEmpty()) {
            LOG.warnf(
                    "%s is not set: requests on Kafka are not authenticated; in-place restores, retention and"
                            + " storage switch requests are refused, backups, verifies and restores into new targets run"
                            + " unsigned",
                    RequestSignature.VARIABLE);
        } else if (signature.get().previousKeyId().isPresent()) {
            LOG.infof(
                    "requests signed with key id %s (%s) or, until the rotation ends, %s (%s) are accepted; remove"
                            + " %s once every service signs with %s and %d h have passed",
                    signature.get().keyId(),
                    RequestSignature.VARIABLE,
                    signature.get().previousKeyId().get(),
                    RequestSignature.PREVIOUS_VARIABLE,
                    RequestSignature.PREVIOUS_VARIABLE,
                    signature.get().keyId(),
                    RequestSignature.MAX_AGE.toHours());
        } else {
            LOG.infof(
                    "requests signed with key id %s (%s) are accepted",
                    signature.get().keyId(), RequestSignature.VARIABLE);
        }
    }

    /** What a consumer does with a record: run it, dead-letter it with the reason, or skip it. */
    public sealed interface Verdict {}

    /** The record is a request the consumer obeys and may run. */
    public record Admitted(SuiteEvent request) implements Verdict {}

    /** The record goes to the dead-letter topic with {@code reason}; nothing of it runs. */
    public record Refused(String reason, Throwable cause) implements Verdict {}

    /** The record is an event of the suite the consumer does not obey: acknowledged, nothing run. */
    public record Skipped() implements Verdict {}

    /**
     * The verdict on {@code message}, read from the requests topic by a consumer that obeys the requests of
     * {@code obeyed}. The record was read by the channel's {@link RequestDeserializer} (a record that is not a readable
     * event of the suite never gets here: the connector dead-letters it with the codec's reason), which keeps the
     * value's exact bytes: the signature is checked over them, never over the event written again.
     */
    public Verdict admit(Message<SuiteEvent> message, Set<Class<? extends SuiteEvent>> obeyed) {
        SuiteEvent event = message.getPayload();
        if (event == null) {
            return new Refused(EMPTY, null);
        }
        if (!obeyed.contains(event.getClass())) {
            return new Skipped();
        }
        Optional<String> refused = refusal(
                event,
                type(message),
                message.getMetadata(IncomingKafkaRecordMetadata.class)
                        .map(IncomingKafkaRecordMetadata::getHeaders)
                        .orElse(null),
                SuiteEventDeserializer.receivedValue(message));
        return refused.<Verdict>map(reason -> new Refused(reason, null)).orElseGet(() -> new Admitted(event));
    }

    /**
     * Admits {@code message} ({@link #admit}) and acts on the verdict: an admitted request goes to {@code run}, a
     * refused record to the dead-letter topic ({@link #deadLetter}), a skipped one is acknowledged.
     *
     * @param run takes the admitted request and acknowledges {@code message} (or dead-letters it) when done with it
     */
    public CompletionStage<Void> process(
            Message<SuiteEvent> message,
            Set<Class<? extends SuiteEvent>> obeyed,
            Function<SuiteEvent, CompletionStage<Void>> run) {
        return process(message, obeyed, run, refused -> deadLetter(message, refused.reason(), refused.cause()));
    }

    /**
     * As {@link #process(Message, Set, Function)}, a refused record going to {@code refuse} instead.
     *
     * @param refuse takes the refusal and dead-letters {@code message} ({@link #deadLetter}) when done with it
     */
    public CompletionStage<Void> process(
            Message<SuiteEvent> message,
            Set<Class<? extends SuiteEvent>> obeyed,
            Function<SuiteEvent, CompletionStage<Void>> run,
            Function<Refused, CompletionStage<Void>> refuse) {
        Verdict verdict = admit(message, obeyed);
        if (verdict instanceof Refused refused) {
            return refuse.apply(refused);
        }
        return verdict instanceof Admitted admitted ? run.apply(admitted.request()) : message.ack();
    }

    /**
     * The record's CloudEvents {@code ce_id}, or null: for a request published over REST, its request id (= the id
     * of the operation REST queued), readable even when the value is not.
     */
    public static String id(Message<?> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class)
                .map(IncomingCloudEventMetadata::getId)
                .orElse(null);
    }

    /** The record's CloudEvents {@code ce_type}, or null. */
    public static String type(Message<?> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class)
                .map(IncomingCloudEventMetadata::getType)
                .orElse(null);
    }

    /**
     * Sends {@code message} to the dead-letter topic of its topic with {@code reason} in the {@code dead-letter-reason}
     * header, and logs it (service-support's {@link SuiteDeadLetters#deadLetter}).
     */
    public static CompletionStage<Void> deadLetter(Message<?> message, String reason, Throwable cause) {
        return SuiteDeadLetters.deadLetter(message, reason, cause);
    }

    /** Whether a key is configured (then every request is signed and checked). */
    public boolean signing() {
        return signature.isPresent();
    }

    /**
     * Why {@code request} may not run by its signature, or empty when it may.
     *
     * @param type    its {@code ce_type}
     * @param headers the record's headers
     * @param payload the record's value bytes as received (null: not kept, so no signature verifies)
     */
    public Optional<String> refusal(SuiteEvent request, String type, Headers headers, byte[] payload) {
        if (signature.isPresent()) {
            return signature.get().verify(headers, type, payload, Instant.now());
        }
        if (isDestructive(request)) {
            return Optional.of(unsignedDestructive());
        }
        LOG.warnf("running an unsigned %s (%s is not set)", type, RequestSignature.VARIABLE);
        return Optional.empty();
    }

    /** Why a destructive request cannot run while no key is configured. */
    public static String unsignedDestructive() {
        return "unsigned: in-place restores, retention and storage switches run only when signed; set "
                + RequestSignature.VARIABLE + " (the same) in every service";
    }

    /**
     * An in-place restore or a retention that is not a dry run, or any storage switch (it moves every backup and
     * restore to another store): what overwrites live data, forgets backups or redirects them.
     */
    public static boolean isDestructive(SuiteEvent request) {
        if (request instanceof RestoreRequested r) {
            return r.inPlace() && !r.dryRun();
        }
        if (request instanceof StorageSwitchRequested) {
            return true;
        }
        return request instanceof RetentionRequested r && !r.dryRun();
    }
}
