package com.textloom.backup.support.security;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who makes the current REST request, for audit lines ({@code USER=...}): the name of the API key
 * presented, or {@value #ANONYMOUS} when no (valid) key came with it. Set by {@link ApiKeyFilter}.
 */
@RequestScoped
public class Caller {

    /** The name of a caller without a key (allowed when no key is configured, or for reads). */
    public static final String ANONYMOUS = "anonymous";

    private String name = ANONYMOUS;

    /** The caller's name. */
    public String name() {
        return name;
    }

    void identify(String name) {
        this.name = name;
    }
}
