package com.textloom.backup.cli.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.textloom.backup.config.SuiteVariables;
import org.junit.jupiter.api.Test;

class ManagerCommandDefaultsTest {

  @Test
  void theHelpsDefaultUrlIsTheCataloguesDefault() {
    assertEquals(SuiteVariables.variable("BACKUP_MANAGER_URL").defaultValue(), ManagerCommand.DEFAULT_URL);
  }
}
