package com.textloom.backup.manager.messaging;

import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.support.messaging.RequestSignature;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a request read from Kafka may run, by its signature (service-support's {@link RequestSignature}):
 * being able to write to the requests topic must not be enough to restore over live data or forget backups.
 * <ul>
 *   <li>With {@code BACKUP_EVENT_SIGNING_KEY} set, every request needs a valid, fresh signature.</li>
 *   <li>Without it, a destructive request ({@link #isDestructive}: an in-place restore or a retention, dry runs
 *       excepted) is refused, and any other (backup, verify, a restore into a new target) runs unsigned, with a
 *       warning at start and for each request.</li>
 * </ul>
 * A refused request goes to the dead-letter topic with the reason ({@link RequestListener}), and nothing of it runs.
 * The key is read once, at start; a key too short stops start-up naming the variable.
 */
@ApplicationScoped
public class RequestAdmission {
    private static final Logger LOG = Logger.getLogger(RequestAdmission.class);

    private final Optional<RequestSignature> signature = RequestSignature.configured();

    void start(@Observes StartupEvent event) {
        if (signature.isEmpty()) {
            LOG.warnf("%s is not set: requests on Kafka are not authenticated; in-place restores and retention"
                    + " requests are refused, backups, verifies and restores into new targets run unsigned",
                    RequestSignature.VARIABLE);
        }
    }

    /** Whether a key is configured (then every request is signed and checked). */
    public boolean signing() {
        return signature.isPresent();
    }

    /**
     * Why {@code request} may not run, or empty when it may.
     *
     * @param type    its {@code ce_type}
     * @param headers the record's headers
     * @param payload the record's value bytes as received
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
        return "unsigned: in-place restores and retention run only when signed; set " + RequestSignature.VARIABLE
                + " (the same) in every service";
    }

    /** An in-place restore or a retention that is not a dry run: what overwrites live data or forgets backups. */
    public static boolean isDestructive(SuiteEvent request) {
        if (request instanceof RestoreRequested r) {
            return r.inPlace() && !r.dryRun();
        }
        return request instanceof RetentionRequested r && !r.dryRun();
    }
}
