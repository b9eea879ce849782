package com.textloom.backup.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives tests the {@link E2eStack} of this test run (started on first use, shared by every test class, closed
 * by JUnit when the run ends, passed or failed), and prints the services' logs when a test fails.
 */
final class E2eStackExtension implements ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(E2eStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == E2eStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        E2eStack stack = context.getRoot().getStore(NAMESPACE).get("stack", E2eStack.class);
        if (stack != null) {
            System.err.println(
                    "==== " + context.getDisplayName() + " failed: logs of the services\n" + stack.logTails());
        }
    }

    private static E2eStack stack(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", k -> E2eStack.start(), E2eStack.class);
    }
}
