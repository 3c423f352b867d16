package org.trawl.source.gbif;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Set;

/** {@code GET /occurrence/download/{key}}: a download's metadata (doi appears once it SUCCEEDED). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record DownloadStatus(
        String key,
        String doi,
        String license,
        String status,
        String downloadLink,
        long size,
        long totalRecords,
        long numberDatasets,
        String created,
        String modified,
        String eraseAfter,
        JsonNode request) {

    /** Still being made: keep polling. SUSPENDED is GBIF pausing a job, which it resumes. */
    public static final Set<String> PENDING = Set.of("PREPARING", "RUNNING", "PENDING", "SUSPENDED");

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /** The requested format (DWCA, SIMPLE_CSV, ...), "" when GBIF does not say. */
    public String format() {
        return request == null ? "" : request.path("format").asText("");
    }

    public boolean pending() {
        return status != null && PENDING.contains(status);
    }
}
