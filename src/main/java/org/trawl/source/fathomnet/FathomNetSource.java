package org.trawl.source.fathomnet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.trawl.core.Box;
import org.trawl.core.Checksum;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.source.MediaSource;

/**
 * FathomNet images of some concepts: one item per image (de-duplicated by UUID across concepts),
 * named by its UUID as fathomnet-generate named them, in a folder per concept, with its boxes
 * (only the asked-for concepts' boxes unless {@code allBoxes}) and the image's SHA-256 when the
 * API gives one (verified while downloading). The command queries the API before the run and prints
 * its summary from {@link #list()}.
 */
public final class FathomNetSource implements MediaSource {
    public static final String SOURCE = "fathomnet";
    private final List<MediaItem> items;

    /**
     * @param byConcept for each concept asked for, its images (in the API's order); the key null holds the
     *                  images of a query without a concept: they go to no concept folder and keep every box
     */
    public FathomNetSource(Map<String, List<FnImage>> byConcept, boolean allBoxes) {
        Set<String> wanted = new HashSet<>(byConcept.keySet());
        wanted.remove(null);
        Set<String> seen = new HashSet<>();
        List<MediaItem> list = new ArrayList<>();
        for (Map.Entry<String, List<FnImage>> e : byConcept.entrySet()) {
            for (FnImage im : e.getValue()) {
                if (im.uuid() == null || im.url() == null || !seen.add(im.uuid())) {
                    continue;
                }
                list.add(item(im, e.getKey(), wanted, allBoxes || e.getKey() == null));
            }
        }
        this.items = List.copyOf(list);
    }

    static MediaItem item(FnImage im, String concept, Set<String> wanted, boolean allBoxes) {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "fathomnet_uuid", im.uuid());
        put(f, "imaging_type", im.imagingType());
        put(f, "depth_m", im.depthMeters());
        put(f, "latitude", im.latitude());
        put(f, "longitude", im.longitude());
        put(f, "timestamp", im.timestamp());
        List<Box> boxes = new ArrayList<>();
        for (FnBox b : im.boundingBoxes()) {
            if (b.x() == null
                    || b.y() == null
                    || b.width() == null
                    || b.height() == null
                    || b.concept() == null
                    || Boolean.TRUE.equals(b.rejected())
                    || (!allBoxes && !wanted.contains(b.concept()))) {
                continue;
            }
            Map<String, String> bf = new LinkedHashMap<>();
            put(bf, "alt_concept", b.altConcept());
            put(bf, "occluded", b.occluded());
            put(bf, "truncated", b.truncated());
            put(bf, "group_of", b.groupOf());
            boxes.add(new Box(b.concept(), b.x(), b.y(), b.width(), b.height(), b.uuid(), bf));
        }
        MediaItem m = new MediaItem(im.url(), concept, im.uuid(), SOURCE, im.uuid(), null, null, f).withBoxes(boxes);
        if (im.sha256() != null && im.sha256().matches("(?i)[0-9a-f]{64}")) {
            m = m.withChecksum(new Checksum("sha256", im.sha256().toLowerCase(Locale.ROOT)));
        }
        return m;
    }

    private static void put(Map<String, String> m, String k, Object v) {
        if (v != null) {
            m.put(k, v.toString());
        }
    }

    public List<MediaItem> list() {
        return items;
    }

    @Override
    public CloseableIterator<MediaItem> items() {
        return CloseableIterator.of(items.iterator());
    }
}
