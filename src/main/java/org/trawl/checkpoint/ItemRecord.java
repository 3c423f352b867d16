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
    /**
     * Downloaded, then removed from the dataset on purpose (e.g. a duplicate within its label): the
     * file is deleted, the item is not fetched again, and it is in neither metadata.csv nor failures.csv.
     */
    public static final String DROPPED = "dropped";
    /** The reason of an item dropped as a copy of the kept file at the path that follows. */
    public static final String DUPLICATE_OF = "duplicate_of:";

    /** Fields set when a transform rewrote the image: the size as served, the EXIF orientation applied. */
    public static final String SOURCE_WIDTH = "source_width",
            SOURCE_HEIGHT = "source_height",
            ORIENTATION_APPLIED = "exif_orientation_applied";
    /**
     * Fields set by a resize: what it did (metadata.csv's {@code transform}, e.g. {@code center-crop 256: 1200x800
     * -> 384x256; crop 256x256; q90 4:2:0}), and, when a crop or pad moved the picture, its scaled size and its
     * offset in the stored image (negative: cut by a crop), which exports apply to the boxes.
     */
    public static final String TRANSFORM = "transform",
            RESIZED_WIDTH = "resized_width",
            RESIZED_HEIGHT = "resized_height",
            OFFSET_X = "resize_offset_x",
            OFFSET_Y = "resize_offset_y";
    /** Field set when a transform had to leave the image as served: why (e.g. "webp is not supported"). */
    public static final String TRANSFORM_NOTE = "transform_note";

    /** The codes a {@link KeyIndex} of outcomes holds. */
    public static final int STATE_DONE = 1, STATE_FAILED = 2, STATE_DROPPED = 3;

    public boolean done() {
        return DONE.equals(status);
    }

    public boolean failed() {
        return !done() && !dropped();
    }

    public boolean dropped() {
        return DROPPED.equals(status);
    }

    /** This record's outcome as a {@link KeyIndex} code. */
    public int stateCode() {
        return done() ? STATE_DONE : dropped() ? STATE_DROPPED : STATE_FAILED;
    }

    /** The same file, dropped because it duplicates the kept one: sha256, size and fields stay for the audit. */
    public ItemRecord asDuplicateOf(String keptPath) {
        return new ItemRecord(
                key,
                DROPPED,
                url,
                path,
                label,
                subset,
                source,
                sourceId,
                license,
                rightsHolder,
                sha256,
                bytes,
                width,
                height,
                contentType,
                DUPLICATE_OF + keptPath,
                attempts,
                fields,
                System.currentTimeMillis());
    }

    /** When this record was written (0 if unknown): between stores, a later drop beats an earlier success. */
    public long timeOrZero() {
        return time == null ? 0 : time;
    }

    public ItemRecord asFailed(String why) {
        return new ItemRecord(
                key,
                FAILED,
                url,
                path,
                label,
                subset,
                source,
                sourceId,
                license,
                rightsHolder,
                null,
                null,
                null,
                null,
                null,
                why,
                attempts,
                fields,
                System.currentTimeMillis());
    }
}
