package com.textloom.backup.reliability;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives tests the {@link FaultWorld} of this run (started on first use, shared by every test class, closed by JUnit
 * at the end of the run, passed or failed); prints the end of the manager's console when a test fails.
 */
final class FaultWorldExtension implements ParameterResolver, TestWatcher {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FaultWorld.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FaultWorld.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("world", k -> FaultWorld.start(), FaultWorld.class);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        FaultWorld world = context.getRoot().getStore(NAMESPACE).get("world", FaultWorld.class);
        if (world != null) {
            System.err.println("==== " + context.getDisplayName() + " failed; the manager:\n" + world.managerTail());
        }
    }
}
