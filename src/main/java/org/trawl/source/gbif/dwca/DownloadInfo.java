package org.trawl.source.gbif.dwca;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The fields of GBIF's download metadata that resolving an archive needs. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record DownloadInfo(String key, String doi, String status, String downloadLink, Long size, Long totalRecords,
        Request request) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Request(String format) {
    }

    public String format() {
        return request == null || request.format() == null ? "" : request.format();
    }
}
