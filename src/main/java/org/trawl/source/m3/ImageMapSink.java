package org.trawl.source.m3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.internal.Json;
import org.trawl.plan.PlannedItem;
import org.trawl.source.DatasetSink;

/**
 * m3-download's image_map.json: image reference UUID → downloaded file, keys sorted, only images on
 * disk. Paths are relative to the map's folder (the output folder), so the folder can be moved.
 */
final class ImageMapSink implements DatasetSink {
    private final Path file;
    private final Map<String, String> map = new TreeMap<>();

    ImageMapSink(Path file) {
        this.file = file;
    }

    @Override
    public void accept(PlannedItem item, ItemRecord record) {
        if (record != null && record.done() && item.item().sourceId() != null) {
            map.put(item.item().sourceId(), record.path());
        }
    }

    @Override
    public void close() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        map.forEach(o::put);
        Localizations.write(file, o);
    }
}
