package com.textloom.backup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalogue is complete in itself: every entry named once, with a meaning, a default its own rule accepts. */
class SuiteVariablesTest {

    private static final List<Variable> ALL = new SuiteVariables().variables();

    @Test
    void everyDefaultAndShippedValuePassesItsOwnRule() {
        List<String> problems = new ArrayList<>();
        for (Variable v : ALL) {
            v.problem(v.defaultValue()).ifPresent(p -> problems.add(v.complaint(v.defaultValue(), p) + " (default)"));
            v.problem(v.exampleValue()).ifPresent(p -> problems.add(v.complaint(v.exampleValue(), p) + " (example)"));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyEntryIsNamedOnceHasTheSuitesFormAndAMeaning() {
        Set<String> seen = new HashSet<>();
        for (Variable v : ALL) {
            assertTrue(seen.add(v.name()), "listed twice: " + v.name());
            assertTrue(v.name().matches("[A-Z][A-Z0-9_]*"), v.name());
            assertTrue(!v.meaning().isBlank(), "no meaning: " + v.name());
        }
        for (Variable v : SuiteVariables.environmentOnly()) {
            assertTrue(seen.add(v.name()), "both in the file and environment-only: " + v.name());
        }
    }

    @Test
    void isRegisteredForTheServicesToLoad() {
        boolean found = false;
        for (VariableCatalog c : ServiceLoader.load(VariableCatalog.class)) {
            found |= c instanceof SuiteVariables;
        }
        assertTrue(found, "META-INF/services/com.textloom.backup.config.VariableCatalog lists SuiteVariables");
    }

    @Test
    void aValueIsTheSetOneElseTheDefaultCheckedByTheRule() {
        assertEquals("7", SuiteVariables.value("BACKUP_DAILY_RETENTION_DAYS", Map.<String, String>of()::get));
        assertEquals(
                "7",
                SuiteVariables.value("BACKUP_DAILY_RETENTION_DAYS", Map.of("BACKUP_DAILY_RETENTION_DAYS", " ")::get),
                "blank means not set");
        assertEquals(
                "9",
                SuiteVariables.value("BACKUP_DAILY_RETENTION_DAYS", Map.of("BACKUP_DAILY_RETENTION_DAYS", " 9 ")::get));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SuiteVariables.value(
                        "BACKUP_DAILY_RETENTION_DAYS", Map.of("BACKUP_DAILY_RETENTION_DAYS", "x")::get));
        assertEquals("BACKUP_DAILY_RETENTION_DAYS=x: not a whole number", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> SuiteVariables.value("BACKUP_API_KEY", Map.of("BACKUP_API_KEY", "bad name=s3cr3t")::get));
        assertTrue(e.getMessage().startsWith("BACKUP_API_KEY=<hidden>: "), e.getMessage());
        assertTrue(!e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void aNameOutsideTheCatalogueFailsItsFirstRead() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> SuiteVariables.variable("BACKUP_DAILY_RETENTON_DAYS"));
        assertTrue(
                e.getMessage().startsWith("BACKUP_DAILY_RETENTON_DAYS is not in the suite's variable catalogue"),
                e.getMessage());
    }

    /**
     * Drift fixed: the manager refused BACKUP_OPERATIONS_KEEP below 10, BACKUP_OPERATIONS_KEEP_DAYS above 3650 and
     * BACKUP_PARALLEL_JOBS above 64 with its own bounds, while the catalogue's rule (the check every service runs at
     * start-up, and the command line) let them pass. The bounds are now part of the catalogue entry.
     */
    @Test
    void aNumbersBoundsAreCheckedWhereverItsRuleIs() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SuiteVariables.variable("BACKUP_OPERATIONS_KEEP").check("5", () -> "the environment"));
        assertEquals("BACKUP_OPERATIONS_KEEP=5: must be within 10..1000000 (from the environment)", e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> SuiteVariables.variable("BACKUP_OPERATIONS_KEEP_DAYS").check("3651", () -> "the environment"));
        assertThrows(
                IllegalArgumentException.class,
                () -> SuiteVariables.variable("BACKUP_PARALLEL_JOBS").check("65", () -> "the environment"));
        SuiteVariables.variable("BACKUP_PARALLEL_JOBS").check("64", () -> "the environment");
        assertEquals(64, SuiteVariables.number("BACKUP_PARALLEL_JOBS", Map.of("BACKUP_PARALLEL_JOBS", "64")::get));
        assertEquals(1000, SuiteVariables.number("BACKUP_OPERATIONS_KEEP", Map.<String, String>of()::get));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> SuiteVariables.number("BACKUP_PARALLEL_JOBS", Map.of("BACKUP_PARALLEL_JOBS", "0")::get));
        assertEquals("BACKUP_PARALLEL_JOBS=0: must be at least 1", e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Variable.of("X", VariableRule.TEXT).within(1, 2),
                "bounds are for numbers");
    }
}
