package org.trawl.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * One item's outcome as stored in the journal and the checkpoint: everything metadata.csv and
 * failures.csv need, so they can be rebuilt from the checkpoint alone.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemRecord(
        String key,
        String status,
        String url,
        String path,
        String label,
        String subset,
        String source,
        String sourceId,
        String license,
        String rightsHolder,
        String sha256,
        Long bytes,
        Integer width,
        Integer height,
        String contentType,
        String reason,
        Integer attempts,
        Map<String, String> fields,
        Long time) {

    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public boolean done() {
        return DONE.equals(status);
    }

    public ItemRecord asFailed(String why) {
        return new ItemRecord(key, FAILED, url, path, label, subset, source, sourceId, license, rightsHolder,
                null, null, null, null, null, why, attempts, fields, System.currentTimeMillis());
    }
}
