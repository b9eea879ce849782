package com.textloom.backup.recovery.config;

import com.textloom.backup.config.EnvFile;
import com.textloom.backup.config.Variable;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** disaster-recovery's variables are registered, listed in {@code .env.backup.example}, and its values pass their rules. */
class RecoveryVariablesTest {

    @Test
    void registeredAsAVariableCatalog() {
        assertTrue(ServiceLoader.load(com.textloom.backup.config.VariableCatalog.class).stream()
                .anyMatch(p -> p.type() == RecoveryVariables.class));
    }

    @Test
    void everyVariableIsInTheExampleWithAValueItsRuleAccepts() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".env.backup.example"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, ".env.backup.example not found");
        Map<String, String> example = EnvFile.read(dir.resolve(".env.backup.example"));
        List<String> problems = new ArrayList<>();
        for (Variable v : new RecoveryVariables().variables()) {
            if (!example.containsKey(v.name())) {
                problems.add(v.name() + " is missing from .env.backup.example");
            } else {
                v.rule().problem(example.get(v.name())).ifPresent(p -> problems.add(v.complaint(example.get(v.name()), p)));
            }
        }
        assertEquals(List.of(), problems);
    }
}
