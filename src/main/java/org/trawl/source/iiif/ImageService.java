package org.trawl.source.iiif;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What trawl knows about one Image API service: the base URI, the API version and compliance
 * level, and (once its info.json was read) the full size, the sizes a level-0 server has, the
 * server's caps and the features it declares. Sizes of -1 are unknown.
 */
record ImageService(
        String id,
        int version,
        int level,
        int width,
        int height,
        int maxWidth,
        int maxHeight,
        long maxArea,
        List<int[]> sizes,
        Set<String> supports,
        boolean fromInfo,
        Tiles tiles) {

    /**
     * The tiles a server advertises at full resolution (scale factor 1): the grid a client may ask for
     * as regions {@code x,y,w,h} (the only regions a level-0 server serves).
     */
    record Tiles(int width, int height) {}

    private static final Pattern LEVEL = Pattern.compile("level([0-2])");

    ImageService {
        while (id.endsWith("/")) { // the seed's "//full" came from a trailing slash on the id
            id = id.substring(0, id.length() - 1);
        }
        sizes = sizes == null ? List.of() : sizes;
        supports = supports == null ? Set.of() : supports;
    }

    ImageService(
            String id,
            int version,
            int level,
            int width,
            int height,
            int maxWidth,
            int maxHeight,
            long maxArea,
            List<int[]> sizes,
            Set<String> supports,
            boolean fromInfo) {
        this(id, version, level, width, height, maxWidth, maxHeight, maxArea, sizes, supports, fromInfo, null);
    }

    /** The same service with the tiles of another description of its server (one info.json per server). */
    ImageService withTiles(Tiles t) {
        return new ImageService(
                id, version, level, width, height, maxWidth, maxHeight, maxArea, sizes, supports, fromInfo, t);
    }

    /**
     * The tile grid at scale factor 1: 2.x/3.0 {@code tiles: [{width, height?, scaleFactors}]}, 1.1
     * {@code tile_width}/{@code tile_height}/{@code scale_factors}; null when none has scale factor 1.
     */
    static Tiles tilesOf(JsonNode n) {
        for (JsonNode t : IiifJson.list(n.get("tiles"))) {
            int w = IiifJson.intOf(t, "width");
            int h = IiifJson.intOf(t, "height");
            if (w > 0 && hasOne(t.get("scaleFactors"))) {
                return new Tiles(w, h > 0 ? h : w);
            }
        }
        int w = IiifJson.intOf(n, "tile_width");
        int h = IiifJson.intOf(n, "tile_height");
        if (w > 0 && (n.get("scale_factors") == null || hasOne(n.get("scale_factors")))) {
            return new Tiles(w, h > 0 ? h : w);
        }
        return null;
    }

    private static boolean hasOne(JsonNode factors) {
        for (JsonNode f : IiifJson.list(factors)) {
            if (f.asInt() == 1) {
                return true;
            }
        }
        return false;
    }

    /** Whether a JSON object describes an Image API service (a manifest's service entry or an info.json). */
    static boolean isImageService(JsonNode n) {
        String type = IiifJson.type(n);
        if (type.startsWith("ImageService")) {
            return true;
        }
        if ("http://iiif.io/api/image".equals(n.path("protocol").asText())) {
            return true;
        }
        for (String c : IiifJson.strings(n.get("@context"))) {
            if (c.contains("iiif.io/api/image/") || c.contains("image-api")) {
                return true;
            }
        }
        for (String p : IiifJson.strings(n.get("profile"))) {
            if (p.contains("iiif.io/api/image/") || p.contains("image-api")) {
                return true;
            }
        }
        return false;
    }

    /** The best image service among a resource's services (the highest API version), or null. */
    static ImageService pick(JsonNode services, int resourceWidth, int resourceHeight) {
        ImageService best = null;
        for (JsonNode s : IiifJson.list(services)) {
            if (!s.isObject() || IiifJson.id(s) == null || !isImageService(s)) {
                continue;
            }
            ImageService candidate = describe(s, false, resourceWidth, resourceHeight);
            if (best == null || candidate.version > best.version) {
                best = candidate;
            }
        }
        return best;
    }

    /** From an info.json document, or an embedded service description. */
    static ImageService describe(JsonNode n, boolean fromInfo, int fallbackWidth, int fallbackHeight) {
        int version = version(n);
        int level = -1;
        int maxW = IiifJson.intOf(n, "maxWidth");
        int maxH = IiifJson.intOf(n, "maxHeight");
        long maxA = IiifJson.longOf(n, "maxArea");
        Set<String> supports = new HashSet<>();
        for (JsonNode p : IiifJson.list(n.get("profile"))) {
            if (p.isTextual()) {
                Matcher m = LEVEL.matcher(p.asText());
                if (m.find() && level < 0) {
                    level = Integer.parseInt(m.group(1));
                }
            } else if (p.isObject()) { // 2.1: caps and features sit in the profile's second entry
                maxW = maxW > 0 ? maxW : IiifJson.intOf(p, "maxWidth");
                maxH = maxH > 0 ? maxH : IiifJson.intOf(p, "maxHeight");
                maxA = maxA > 0 ? maxA : IiifJson.longOf(p, "maxArea");
                supports.addAll(IiifJson.strings(p.get("supports")));
            }
        }
        supports.addAll(IiifJson.strings(n.get("extraFeatures")));
        List<int[]> sizes = new ArrayList<>();
        for (JsonNode s : IiifJson.list(n.get("sizes"))) {
            int w = IiifJson.intOf(s, "width"), h = IiifJson.intOf(s, "height");
            if (w > 0 && h > 0) {
                sizes.add(new int[] {w, h});
            }
        }
        int w = IiifJson.intOf(n, "width"), h = IiifJson.intOf(n, "height");
        if (w <= 0 || h <= 0) {
            w = fallbackWidth;
            h = fallbackHeight;
        }
        if (maxW > 0 && maxH <= 0) { // both specs: a maxWidth alone caps the height the same
            maxH = maxW;
        }
        return new ImageService(
                IiifJson.id(n), version, level, w, h, maxW, maxH, maxA, sizes, supports, fromInfo, tilesOf(n));
    }

    /** Merges what an info.json says; the manifest's id stays (it is the address we could reach). */
    ImageService withInfo(JsonNode info) {
        ImageService i = describe(info, true, width, height);
        return new ImageService(
                id,
                i.version,
                i.level >= 0 ? i.level : level,
                i.width,
                i.height,
                i.maxWidth,
                i.maxHeight,
                i.maxArea,
                i.sizes,
                i.supports,
                true,
                i.tiles);
    }

    private static int version(JsonNode n) {
        String type = IiifJson.type(n);
        if (type.equals("ImageService3")) {
            return 3;
        }
        if (type.equals("ImageService2")) {
            return 2;
        }
        if (type.equals("ImageService1")) {
            return 1;
        }
        List<String> hints = new ArrayList<>(IiifJson.strings(n.get("@context")));
        hints.addAll(IiifJson.strings(n.get("profile")));
        for (String c : hints) {
            if (c.contains("/image/3")) {
                return 3;
            }
            if (c.contains("/image/2")) {
                return 2;
            }
            if (c.contains("/image/1") || c.contains("image-api/1") || c.contains("stanford.edu/iiif/image-api")) {
                return 1;
            }
        }
        return 2;
    }

    /** Whether the server says it can fit an image in a box (!w,h): level 2, or declared. */
    boolean confinedSizes() {
        return level >= 2 || supports.contains("sizeByConfinedWh");
    }
}
