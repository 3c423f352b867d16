package org.trawl.source.m3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.trawl.core.TrawlException;
import org.trawl.internal.Json;

/**
 * localizations.json, both ways: extracted from digests (one element per "bounding box"
 * association) and read back. A malformed box (link_value that is not JSON, or lacks a numeric
 * x, y, width or height) is reported through {@code problems} and skipped, never fatal: m3-download
 * crashed on the first one.
 */
public final class Localizations {
    public static final String BOUNDING_BOX = "bounding box";

    private Localizations() {}

    /** The elements of localizations.json for the records of some digests, in order. */
    public static ArrayNode extract(List<JsonNode> records, Consumer<String> problems) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode rec : records) {
            ObjectNode urls = Json.MAPPER.createObjectNode();
            for (JsonNode ref : iter(rec.get("image_references"))) {
                String uuid = M3Client.text(ref, "uuid"), url = M3Client.text(ref, "url");
                if (uuid != null && url != null) {
                    urls.put(uuid.toLowerCase(Locale.ROOT), url);
                }
            }
            String obs = M3Client.text(rec, "observation_uuid");
            for (JsonNode a : iter(rec.get("associations"))) {
                if (!BOUNDING_BOX.equals(M3Client.text(a, "link_name"))) {
                    continue;
                }
                String assoc = M3Client.text(a, "uuid");
                JsonNode box;
                try {
                    box = parseBox(M3Client.text(a, "link_value"));
                } catch (IllegalArgumentException e) {
                    problems.accept("observation " + obs + ", association " + assoc + ": malformed bounding box ("
                            + e.getMessage() + "), skipped");
                    continue;
                }
                ObjectNode l = out.addObject();
                l.put("observation_uuid", obs);
                l.put("association_uuid", assoc);
                l.set("concept", rec.get("concept"));
                String to = M3Client.text(a, "to_concept");
                if (to != null && !"self".equals(to)) {
                    l.put("to_concept", to);
                }
                l.set("localization", box);
                l.set("image_urls", urls);
            }
        }
        return out;
    }

    /** A box from an association's link_value, checked. */
    static JsonNode parseBox(String linkValue) {
        if (linkValue == null || linkValue.isBlank()) {
            throw new IllegalArgumentException("empty link_value");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(linkValue);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("link_value is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("link_value is not a JSON object");
        }
        for (String k : List.of("x", "y", "width", "height")) {
            if (n.get(k) == null || !n.get(k).isNumber()) {
                throw new IllegalArgumentException("no numeric " + k);
            }
        }
        if (n.get("width").asDouble() <= 0 || n.get("height").asDouble() <= 0) {
            throw new IllegalArgumentException("empty box");
        }
        return n;
    }

    /**
     * Reads localizations.json (the current shape with image_urls, or the pre-2021-06 shape with
     * images keyed by MIME type, of which {@code mime} is taken).
     */
    public static List<Localization> read(Path file, String mime, Consumer<String> problems) {
        JsonNode root = readJson(file);
        if (!root.isArray()) {
            throw TrawlException.usage(file + ": not a JSON array of localizations");
        }
        List<Localization> out = new ArrayList<>();
        int i = 0;
        for (JsonNode el : root) {
            i++;
            JsonNode loc = box(el, file.getFileName() + " element " + i, problems);
            if (loc != null) {
                out.add(localization(el, loc, mime));
            }
        }
        return out;
    }

    /**
     * An element's box (an object, or the JSON text of one), checked; null once {@code problems} has
     * been told why the element is skipped.
     */
    private static JsonNode box(JsonNode el, String where, Consumer<String> problems) {
        JsonNode loc = el.get("localization");
        if (loc != null && loc.isTextual()) {
            try {
                loc = parseBox(loc.asText());
            } catch (IllegalArgumentException e) {
                problems.accept(where + ": malformed localization (" + e.getMessage() + "), skipped");
                return null;
            }
        }
        if (loc == null || !loc.isObject()) {
            problems.accept(where + ": no localization, skipped");
            return null;
        }
        try {
            parseBox(loc.toString());
        } catch (IllegalArgumentException e) {
            problems.accept(where + ": malformed localization (" + e.getMessage() + "), skipped");
            return null;
        }
        return loc;
    }

    /** An element with its checked box: the image it is on and that image's URLs (either shape), and extra fields. */
    private static Localization localization(JsonNode el, JsonNode loc, String mime) {
        Map<String, String> urls = new LinkedHashMap<>();
        String ref = lower(M3Client.text(loc, "image_reference_uuid"));
        JsonNode iu = el.get("image_urls");
        if (iu != null && iu.isObject()) {
            iu.fields()
                    .forEachRemaining(
                            e -> urls.put(lower(e.getKey()), e.getValue().asText()));
        }
        JsonNode images = el.get("images");
        if (images != null && images.isObject() && images.get(mime) != null) {
            JsonNode img = images.get(mime);
            String u = lower(M3Client.text(img, "image_reference_uuid"));
            if (ref == null) {
                ref = u;
            }
            if (u != null && M3Client.text(img, "url") != null) {
                urls.put(u, M3Client.text(img, "url"));
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (String k : List.of("observer", "strength", "generator", "project")) {
            String v = M3Client.text(loc, k);
            if (v != null) {
                extra.put(k, v);
            }
        }
        String to = M3Client.text(el, "to_concept");
        if (to != null) {
            extra.put("to_concept", to);
        }
        return new Localization(
                M3Client.text(el, "observation_uuid"),
                M3Client.text(el, "association_uuid"),
                M3Client.text(el, "concept"),
                loc.get("x").asDouble(),
                loc.get("y").asDouble(),
                loc.get("width").asDouble(),
                loc.get("height").asDouble(),
                ref,
                urls,
                extra);
    }

    /** A JSON file the user named; unreadable or malformed is a usage error. */
    public static JsonNode readJson(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw TrawlException.usage(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw TrawlException.usage(
                    file + ": not valid JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw TrawlException.usage(file + ": " + e.getMessage());
        }
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static Iterable<JsonNode> iter(JsonNode n) {
        return n == null || !n.isArray() ? List.of() : n;
    }

    /** Writes JSON with indent 2, aside then renamed. */
    public static void write(Path file, JsonNode value) {
        try {
            Path abs = file.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), value);
            Files.move(
                    tmp,
                    abs,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw TrawlException.fatal("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
