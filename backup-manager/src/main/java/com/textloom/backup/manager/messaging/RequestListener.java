package com.textloom.backup.manager.messaging;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.manager.operation.Operations;
import com.textloom.backup.manager.requests.RequestIntake;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes the requests topic. A request is acknowledged as soon as the manager has accepted it
 * ({@link RequestIntake#accept}: the decision and the request are in the durable operation store),
 * never after its work: a job of hours would otherwise hold its record unprocessed past the
 * connector's {@code unprocessed-record-max-age.ms} (60 s), and the throttled commit strategy would
 * fail the channel, stopping all consumption and turning liveness DOWN. An accepted request this
 * process does not finish runs when it restarts (its state directory belongs to it alone); a
 * redelivered one is recognised by its request id. Accepting runs on one thread of its own, in
 * arrival order, off the connector's event loop (it forces a file to disk). Records are read by the suite's
 * deserializer ({@link RequestDeserializer}: an unreadable one goes to the dead-letter topic with the reason, through
 * the connector); every record but a StorageSwitchRequested (the storage consumer's) goes through
 * {@link RequestAdmission#admit} first: empty, unsigned or badly signed records go to the dead-letter topic with the
 * reason before anything of them is accepted (a request queued over REST whose record is refused ends {@code failed} with the reason); other
 * events are skipped.
 */
@ApplicationScoped
public class RequestListener {
    private static final Logger LOG = Logger.getLogger(RequestListener.class);
    private static final Set<Class<? extends SuiteEvent>> OBEYED =
            Set.of(BackupRequested.class, RestoreRequested.class, VerifyRequested.class, RetentionRequested.class);
    private static final String STORAGE_SWITCH = RequestDeserializer.STORAGE_SWITCH;

    private final ExecutorService intake = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "request-intake");
        t.setDaemon(true);
        return t;
    });

    @Inject
    RequestIntake requests;

    @Inject
    RequestAdmission admission;

    @Inject
    Operations operations;

    @Incoming(Channels.REQUESTS)
    public CompletionStage<Void> onRequest(Message<SuiteEvent> message) {
        if (STORAGE_SWITCH.equals(RequestAdmission.type(message))) {
            return message.ack(); // the storage consumer's (manager.storage), admitted there
        }
        return admission.process(message, OBEYED, event -> accept(message, event), refused -> refuse(message, refused));
    }

    /**
     * Dead-letters a refused record, first ending as failed, with the reason, the operation a REST request queued
     * for it ({@link Operations#refused}: its {@code ce_id} is the operation id), which would otherwise stay
     * {@code queued} forever.
     */
    private CompletionStage<Void> refuse(Message<SuiteEvent> message, RequestAdmission.Refused refused) {
        String id = RequestAdmission.id(message);
        return CompletableFuture.runAsync(
                        () -> {
                            if (id != null && operations.refused(id, refused.reason())) {
                                LOG.warnf(
                                        "operation %s failed: its request was dead-lettered (%s)",
                                        id, refused.reason());
                            }
                        },
                        intake)
                .exceptionally(failure -> {
                    LOG.errorf(failure, "the operation of a dead-lettered request %s could not be updated", id);
                    return null;
                })
                .thenCompose(ignored -> RequestAdmission.deadLetter(message, refused.reason(), refused.cause()));
    }

    private CompletionStage<Void> accept(Message<SuiteEvent> message, SuiteEvent event) {
        return CompletableFuture.runAsync(() -> requests.accept(event), intake)
                .handle((accepted, failure) ->
                        failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure)
                .thenCompose(failure -> {
                    if (failure == null) {
                        return message.ack();
                    }
                    LOG.errorf(failure, "dead-lettering a request that could not be accepted");
                    return RequestAdmission.deadLetter(message, "not accepted: " + failure.getMessage(), failure);
                });
    }

    @PreDestroy
    void stop() {
        intake.shutdownNow();
    }
}
