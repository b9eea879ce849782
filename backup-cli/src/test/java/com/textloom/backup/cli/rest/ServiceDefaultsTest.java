package com.textloom.backup.cli.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The URLs the help texts and the clients fall back to are the catalogue's defaults. */
class ServiceDefaultsTest {

    @Test
    void eachServicesDefaultUrlIsTheCataloguesDefault() {
        assertEquals("http://localhost:8080", Service.MANAGER.defaultUrl());
        assertEquals("http://localhost:8083", Service.DISASTER_RECOVERY.defaultUrl());
    }
}
