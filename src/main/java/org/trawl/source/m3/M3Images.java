package org.trawl.source.m3;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.trawl.core.Box;

/**
 * The images localizations point at (only those a box is drawn on, as m3-download downloaded), each
 * once, with all its boxes. A URL missing from image_urls is asked of M3 (imagereferences/{uuid}).
 */
public final class M3Images {
    private M3Images() {}

    /**
     * @param client M3, for image references without a URL; null to skip those with a problem instead
     */
    public static List<M3Image> resolve(List<Localization> locs, M3Client client, Consumer<String> problems) {
        Map<String, List<Localization>> byRef = byImage(locs, problems);
        Map<String, String> urls = urls(byRef, client);
        List<M3Image> out = new ArrayList<>(byRef.size());
        Set<String> stems = new HashSet<>();
        for (Map.Entry<String, List<Localization>> e : byRef.entrySet()) {
            String url = urls.get(e.getKey());
            if (url == null) {
                problems.accept("image reference " + e.getKey() + ": no URL known to M3, its "
                        + e.getValue().size() + " box(es) skipped");
                continue;
            }
            String stem = stemOf(url);
            // frame grabs are named by timecode, so two dives can share a name: m3-download overwrote one with the
            // other
            if (stem.isEmpty() || !stems.add(stem)) {
                stem = (stem.isEmpty() ? "" : stem + "_") + e.getKey();
                stems.add(stem);
            }
            out.add(new M3Image(e.getKey(), url, stem, e.getValue().get(0).concept(), boxes(e.getValue())));
        }
        return out;
    }

    /** The localizations by the image they are drawn on, in the order the images first appear. */
    private static Map<String, List<Localization>> byImage(List<Localization> locs, Consumer<String> problems) {
        Map<String, List<Localization>> byRef = new LinkedHashMap<>();
        int unplaced = 0;
        for (Localization l : locs) {
            if (l.imageReference() == null) {
                unplaced++;
                continue;
            }
            byRef.computeIfAbsent(l.imageReference(), k -> new ArrayList<>()).add(l);
        }
        if (unplaced > 0) {
            problems.accept(unplaced + " localization(s) name no image_reference_uuid, skipped");
        }
        return byRef;
    }

    /** Each image's URL: from its localizations' image_urls, else asked of M3 (when there is a client). */
    private static Map<String, String> urls(Map<String, List<Localization>> byRef, M3Client client) {
        Map<String, String> urls = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<Localization>> e : byRef.entrySet()) {
            String url = null;
            for (Localization l : e.getValue()) {
                url = l.imageUrls().get(e.getKey());
                if (url != null) {
                    break;
                }
            }
            if (url != null) {
                urls.put(e.getKey(), url);
            } else {
                missing.add(e.getKey());
            }
        }
        if (!missing.isEmpty() && client != null) {
            List<String> found = client.parallel(missing, client::imageUrl);
            for (int i = 0; i < missing.size(); i++) {
                if (found.get(i) != null) {
                    urls.put(missing.get(i), found.get(i));
                }
            }
        }
        return urls;
    }

    private static List<Box> boxes(List<Localization> locs) {
        List<Box> boxes = new ArrayList<>();
        for (Localization l : locs) {
            Map<String, String> f = new LinkedHashMap<>(l.extra());
            if (l.observationUuid() != null) {
                f.put("observation_uuid", l.observationUuid());
            }
            boxes.add(new Box(l.concept(), l.x(), l.y(), l.width(), l.height(), l.associationUuid(), f));
        }
        return boxes;
    }

    /** m3-download's file name: the URL's last segment, ':' as '_' (Windows); here decoded and without extension. */
    static String stemOf(String url) {
        String path;
        try {
            path = URI.create(url).getRawPath();
        } catch (IllegalArgumentException e) {
            path = url;
        }
        if (path == null) {
            path = url;
        }
        String base = path.substring(path.lastIndexOf('/') + 1);
        try {
            base = URLDecoder.decode(base.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // keep it raw
        }
        base = base.replace(':', '_');
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
