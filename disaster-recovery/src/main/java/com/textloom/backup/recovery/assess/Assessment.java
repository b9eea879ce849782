package com.textloom.backup.recovery.assess;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * One assessment: the guide's {@code assess} JSON ({@code overall_status}, {@code services},
 * {@code recommendations}) plus when it was taken and which of the guide's scenarios it points at.
 *
 * @param overallStatus   {@code healthy}, {@code degraded} or {@code critical}
 * @param assessedAt      when the checks began
 * @param services        one check per part: postgresql, redis, application, storage, backups, suite
 * @param recommendations actionable sentences: what is wrong, what to run
 * @param failures        the scenarios the failed checks point at ({@code database_failure},
 *                        {@code redis_failure}, {@code application_failure}, {@code storage_failure},
 *                        {@code full_disaster}), empty when none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Assessment(
        String overallStatus,
        Instant assessedAt,
        List<ServiceCheck> services,
        List<String> recommendations,
        List<String> failures) {

    public Assessment {
        services = List.copyOf(services);
        recommendations = List.copyOf(recommendations);
        failures = List.copyOf(failures);
    }

    /** The check named {@code name}, or null when this assessment has none. */
    public ServiceCheck service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
