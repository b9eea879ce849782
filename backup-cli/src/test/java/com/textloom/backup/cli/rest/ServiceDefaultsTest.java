package com.textloom.backup.cli.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.textloom.backup.config.SuiteVariables;
import org.junit.jupiter.api.Test;

/** The URLs the help texts and the clients fall back to are the catalogue's defaults. */
class ServiceDefaultsTest {

  @Test
  void eachServicesDefaultUrlIsTheCataloguesDefault() {
    for (Service s : new Service[] {Service.MANAGER, Service.DISASTER_RECOVERY}) {
      assertEquals(SuiteVariables.variable(s.variable()).defaultValue(), s.defaultUrl(), s.variable());
    }
  }
}
