package com.textloom.backup.support.config;

import com.textloom.backup.config.VariableRule;
import com.textloom.backup.config.VariableValues;
import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads a {@link VariableRule#SECONDS_OR_DURATION} variable in a {@code @ConfigMapping} the way suite-config reads it
 * ({@link VariableValues#duration}: {@code 600}, {@code 10m}, {@code 1h}, {@code PT10M}, {@code 500ms}):
 * {@code @WithConverter(VariableDuration.class) Duration monitorInterval();}. The rule has already named the variable
 * of a bad value ({@link VariableCheck}); Quarkus' own duration converter reads a few forms differently.
 */
public class VariableDuration implements Converter<Duration> {

    private static final long serialVersionUID = 1L;

    @Override
    public Duration convert(String value) {
        return value == null || value.isBlank() ? null : VariableValues.duration("duration", value);
    }
}
