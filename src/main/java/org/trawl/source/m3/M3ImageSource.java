package org.trawl.source.m3;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.source.DatasetSink;
import org.trawl.source.MediaSource;

/**
 * The images of localizations.json as media items, flat in the output folder under their M3 file
 * names (m3-download's layout), labelled with their first box's concept, carrying every box; and
 * image_map.json (image reference UUID → file) as this tool's own file.
 */
public final class M3ImageSource implements MediaSource {
    public static final String SOURCE = "m3";
    private final List<M3Image> images;

    /** @param images resolved by the command before the run (M3 is asked there, once) */
    public M3ImageSource(List<M3Image> images) {
        this.images = List.copyOf(images);
    }

    @Override
    public CloseableIterator<MediaItem> items() {
        return CloseableIterator.of(images.stream().map(M3ImageSource::item).iterator());
    }

    private static MediaItem item(M3Image im) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("image_reference_uuid", im.imageReference());
        fields.put("boxes", Integer.toString(im.boxes().size()));
        return new MediaItem(im.url(), im.concept(), null, SOURCE, im.imageReference(), null, null, fields)
                .withPath(im.stem())
                .withBoxes(im.boxes());
    }

    @Override
    public List<DatasetSink> sinks(Path out) {
        return List.of(new ImageMapSink(out.resolve("image_map.json")));
    }
}
