package com.textloom.backup.cli;

import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.config.Variable;
import com.textloom.backup.config.VariableRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules the command line checks the variables it reads by: the services' own
 * ({@link SuiteVariables}, same rules, same messages), except that {@code BACKUP_ENCRYPTION_KEY} may
 * also be a passphrase for a repository made with one; plus {@code BACKUP_MANAGER_URL} and
 * {@code BACKUP_DR_URL} (where the manager and disaster recovery are), which only the command line
 * reads.
 */
final class CliVariables {

  /** Every variable with a rule. */
  static final List<Variable> ALL = all();

  private CliVariables() {}

  private static List<Variable> all() {
    List<Variable> all = new ArrayList<>();
    for (Variable v : new SuiteVariables().variables()) {
      all.add(v.name().equals("BACKUP_ENCRYPTION_KEY")
          ? Variable.secret(v.name(), VariableRule.TEXT) : v);
    }
    all.add(Variable.of("BACKUP_MANAGER_URL", VariableRule.HTTP_URL));
    all.add(Variable.of("BACKUP_DR_URL", VariableRule.HTTP_URL));
    return List.copyOf(all);
  }
}
