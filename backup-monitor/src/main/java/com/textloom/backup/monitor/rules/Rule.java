package com.textloom.backup.monitor.rules;

import java.util.List;

/**
 * One alert rule: from the monitor's view, the conditions that hold now. Pure: no side effect. Each
 * implementation names itself in a {@code NAME} constant, the first part of its conditions' fingerprints.
 */
public interface Rule {

    /** The conditions that hold in this context. */
    List<Condition> evaluate(RuleContext context);
}
