package org.trawl.source;

import java.io.IOException;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.plan.PlannedItem;

/**
 * A writer fed after the download with every planned item of this process, in plan order, and its
 * outcome: the source tools' own files (iiif's downloaded_images.txt, m3's image_map.json) and the
 * annotation exports (COCO, VOC, YOLO, ...). Writers write to a temporary name and rename on close.
 */
public interface DatasetSink extends AutoCloseable {

    /**
     * @param item   the planned item (its source MediaItem carries label, boxes and fields)
     * @param record its finished record (path relative to OUT, width, height, sha256), or null
     *               when the item is not on disk (failed, or not fetched yet)
     */
    void accept(PlannedItem item, ItemRecord record) throws IOException;

    /** After {@link #close()}: how many boxes a --resize-mode center-crop left off their image (so out of the exports). */
    default long boxesOutsideCrop() {
        return 0;
    }

    /** Writes what was gathered; called once after the last item. */
    @Override
    void close() throws IOException;
}
