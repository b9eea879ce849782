package com.textloom.backup.monitor.rules;

import com.textloom.backup.monitor.state.VerifyResult;
import java.util.ArrayList;
import java.util.List;

/** The newest verify of a repository found damage (or could not run). Cleared by a later clean verify. */
public final class VerifyDamageRule implements Rule {

    public static final String NAME = "verify_damage";

    @Override
    public List<Condition> evaluate(RuleContext ctx) {
        List<Condition> out = new ArrayList<>();
        for (VerifyResult v : ctx.state().latestVerifies()) {
            if (v.success()) {
                continue;
            }
            String message = v.damagedBlobs() > 0
                    ? "Verify of repository " + v.repository() + " found " + v.damagedBlobs() + " damaged blob(s)"
                            + (v.affectedBackups().isEmpty()
                                    ? ""
                                    : "; affected backups: " + String.join(", ", v.affectedBackups()))
                    : "Verify of repository " + v.repository() + " failed"
                            + (v.error() == null ? "" : ": " + v.error());
            out.add(Condition.of(NAME, Condition.CRITICAL, v.repository(), v.repository(), null, message));
        }
        return out;
    }
}
