package com.textloom.backup.support.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnakeCaseJsonTest {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        new SnakeCaseJson().customize(mapper);
        return mapper;
    }

    @Test
    void aBodyWithAnythingAfterItsDocumentIsRefused() {
        // found by reliability-tests' REST fuzzer: {"type":"full"}}{"type":"full"} queued a backup
        assertThrows(
                JsonProcessingException.class,
                () -> mapper().readValue("{\"type\":\"full\"}}{\"type\":\"full\"}", MAP));
        assertThrows(JsonProcessingException.class, () -> mapper().readValue("{\"keep_daily\":1} 2", MAP));
    }

    @Test
    void oneDocumentIsRead() throws Exception {
        assertEquals(Map.of("keep_daily", 1), mapper().readValue(" {\"keep_daily\":1}\n", MAP));
    }
}
