package org.trawl.source.m3;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trawl.source.DatasetSink;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.source.MediaSource;

/**
 * The images of localizations.json as media items, flat in the output folder under their M3 file
 * names (m3-download's layout), labelled with their first box's concept, carrying every box; and
 * image_map.json (image reference UUID → file) as this tool's own file.
 */
public final class M3ImageSource implements MediaSource {
    public static final String SOURCE = "m3";
    private final List<MediaItem> items;

    public M3ImageSource(List<M3Image> images) {
        List<MediaItem> list = new ArrayList<>(images.size());
        for (M3Image im : images) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("image_reference_uuid", im.imageReference());
            fields.put("boxes", Integer.toString(im.boxes().size()));
            list.add(new MediaItem(im.url(), im.concept(), null, SOURCE, im.imageReference(), null, null, fields)
                    .withPath(im.stem()).withBoxes(im.boxes()));
        }
        this.items = List.copyOf(list);
    }

    @Override
    public CloseableIterator<MediaItem> items() {
        return CloseableIterator.of(items.iterator()); // resolved once: every pass sees the same items
    }

    @Override
    public List<DatasetSink> sinks(Path out) {
        return List.of(new ImageMapSink(out.resolve("image_map.json")));
    }
}
