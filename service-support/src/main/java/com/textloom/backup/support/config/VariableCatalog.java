package com.textloom.backup.support.config;

import java.util.List;

/**
 * A list of environment variables and their rules. Service-support brings {@link SuiteVariables} (the
 * guide's variables); a service may add its own by implementing this interface and naming the class in
 * {@code META-INF/services/com.textloom.backup.support.config.VariableCatalog}. Every variable listed
 * is checked at start-up, wherever it is set (environment, {@code .env.backup}, application.properties),
 * and a bad value stops start-up with a message naming the variable.
 */
public interface VariableCatalog {

    /** The variables, each with its rule. */
    List<Variable> variables();
}
