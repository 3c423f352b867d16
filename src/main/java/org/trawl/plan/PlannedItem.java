package org.trawl.plan;

import org.trawl.checkpoint.ItemRecord;
import org.trawl.core.MediaItem;

/**
 * An item with its place in the dataset decided.
 *
 * @param key     the item's identity in the checkpoint: its path under OUT without extension
 * @param dir     the folder under OUT ("" for the top), e.g. "train/Quercus robur"
 * @param stem    the file name without extension (sha1(url) or the source's basename)
 * @param label   the sanitised label folder, or null
 * @param subset  the subset, or null
 * @param host    the URL's host, for per-host limits and the summary
 */
public record PlannedItem(
        String key, String dir, String stem, String label, String subset, String host, MediaItem item) {

    public String url() {
        return item.url();
    }

    /** The checkpoint record of this item when it failed for {@code reason} after {@code attempts} (at least 1). */
    public ItemRecord failed(String reason, int attempts) {
        return new ItemRecord(
                key,
                ItemRecord.FAILED,
                item.url(),
                dir.isEmpty() ? stem : dir + "/" + stem,
                label,
                subset,
                item.source(),
                item.sourceId(),
                item.license(),
                item.rightsHolder(),
                null,
                null,
                null,
                null,
                null,
                reason,
                Math.max(attempts, 1),
                item.fields().isEmpty() ? null : item.fields(),
                System.currentTimeMillis());
    }
}
