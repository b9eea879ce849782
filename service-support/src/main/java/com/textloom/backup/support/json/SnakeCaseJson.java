package com.textloom.backup.support.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Every JSON answer and body of the suite's REST APIs uses snake_case field names, as the guide's
 * responses do ({@code backup_success_rate}, {@code last_backup_age_hours}); times are ISO-8601 strings.
 * A DTO that must also accept another spelling says so with {@code @JsonAlias}.
 * A body is one JSON document: anything after it ({@code {"type":"full"}}{...}}) is refused (400), not ignored
 * (found by reliability-tests' REST fuzzer: such a body queued a backup or a retention).
 */
@Singleton
public class SnakeCaseJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
