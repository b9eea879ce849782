package com.textloom.backup.manager.requests;

import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.repository.Repository;
import java.time.Instant;

/**
 * Runs one type of request on the repository's worker ({@link RequestIntake} chooses the handler by the request's
 * class) and ends it with its completion ({@link Completions#finish}).
 *
 * @param <R> the request it runs
 */
public interface RequestHandler<R extends SuiteEvent> {

    /** The request this handler runs. */
    Class<R> requestType();

    /** Runs {@code request} on {@code repository} (the one in use), on the calling thread, to its completion. */
    void run(Repository repository, R request);

    /**
     * The completion of {@code request} when it could not even start ({@code error}: the repository cannot be opened),
     * at {@code at}; records what the request type records of a failure (an audit line for a backup).
     */
    SuiteEvent failed(R request, Instant at, String error);
}
