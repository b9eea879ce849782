package com.textloom.backup.monitor.rules;

import java.util.List;

/** One alert rule: from the monitor's view, the conditions that hold now. Pure: no side effect. */
public interface Rule {

    /** The rule's name (first part of each fingerprint). */
    String name();

    /** The conditions that hold in this context. */
    List<Condition> evaluate(RuleContext context);
}
