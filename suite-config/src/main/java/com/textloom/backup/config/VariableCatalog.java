package com.textloom.backup.config;

import java.util.List;

/**
 * A list of environment variables and their rules. This module brings {@link SuiteVariables} (the guide's
 * variables, registered here); a service may add its own by implementing this interface and naming the class in
 * {@code META-INF/services/com.textloom.backup.config.VariableCatalog}. In a service (service-support's
 * {@code VariableCheck}) every variable listed is checked at start-up, wherever it is set (environment,
 * {@code .env.backup}, application.properties), and a bad value stops start-up with a message naming the
 * variable. The command line checks the variables it reads with the same rules ({@link SuiteEnvironment}).
 */
public interface VariableCatalog {

    /** The variables, each with its rule. */
    List<Variable> variables();
}
