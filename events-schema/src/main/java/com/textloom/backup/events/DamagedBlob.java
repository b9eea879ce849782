package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A blob that verify found missing or corrupt (part of {@link VerifyCompleted}).
 *
 * @param blobId the blob's id
 * @param pack   the pack that holds it, null when unknown
 * @param reason what is wrong: missing, authentication failed, wrong length ...
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DamagedBlob(String blobId, String pack, String reason) {

    public DamagedBlob {
        Require.text(blobId, "blob_id");
        Require.text(reason, "reason");
    }
}
