package org.trawl.source.iiif;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reading IIIF JSON-LD of both Presentation versions through one vocabulary: 2.x spells
 * {@code @id}/{@code @type} with prefixes ("sc:Manifest"), 3.0 spells {@code id}/{@code type};
 * labels are strings, lists of {@code @value}s or language maps. The tree model is used on purpose:
 * the same field holds an object, an array or a string depending on the publisher.
 */
final class IiifJson {
    private IiifJson() {}

    static String id(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        JsonNode v = n.has("@id") ? n.get("@id") : n.get("id");
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText().trim() : null;
    }

    /** The type without its prefix: "sc:Manifest" and "Manifest" both give "Manifest". */
    static String type(JsonNode n) {
        if (n == null || !n.isObject()) {
            return "";
        }
        JsonNode t = n.has("@type") ? n.get("@type") : n.get("type");
        if (t != null && t.isArray() && t.size() > 0) {
            t = t.get(0);
        }
        if (t == null || !t.isTextual()) {
            return "";
        }
        String s = t.asText();
        int colon = s.lastIndexOf(':');
        return colon >= 0 && !s.startsWith("http") ? s.substring(colon + 1) : s;
    }

    /** A field that may be one object or an array of them, as a list (empty when absent). */
    static List<JsonNode> list(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n == null || n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(out::add);
        } else {
            out.add(n);
        }
        return out;
    }

    /** Every string in a context, profile or similar field (string or array, at any depth of one). */
    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : list(n)) {
            if (e.isTextual()) {
                out.add(e.asText());
            }
        }
        return out;
    }

    static int intOf(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null) {
            return -1;
        }
        if (v.isNumber()) {
            return v.asInt();
        }
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    static long longOf(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isNumber() ? v.asLong() : -1;
    }

    /**
     * A human-readable string from any IIIF text value: a plain string; a list of strings or of
     * {@code {"@value", "@language"}} (English preferred); a 3.0 language map {@code {"en": [...]}}
     * (English, then "none", then the first language). Several values are joined with "; ".
     * The seed dumped maps and lists as JSON into the caption: a caption must be text.
     */
    static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isValueNode()) {
            String s = n.asText().strip();
            return s.isEmpty() ? null : s;
        }
        if (n.isArray()) {
            List<JsonNode> english = new ArrayList<>();
            List<JsonNode> all = new ArrayList<>();
            for (JsonNode e : n) {
                all.add(e);
                JsonNode lang = e.get("@language");
                if (lang != null && lang.asText().toLowerCase().startsWith("en")) {
                    english.add(e);
                }
            }
            boolean tagged = all.stream().anyMatch(e -> e.has("@language"));
            List<JsonNode> chosen = tagged && !english.isEmpty() ? english : tagged ? List.of(all.get(0)) : all;
            return join(chosen);
        }
        if (n.has("@value")) {
            return text(n.get("@value"));
        }
        // a language map
        JsonNode pick = null;
        for (String lang : new String[] {"en", "none", "@none"}) {
            if (n.has(lang)) {
                pick = n.get(lang);
                break;
            }
        }
        if (pick == null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().toLowerCase().startsWith("en")) {
                    pick = e.getValue();
                    break;
                }
                if (pick == null) {
                    pick = e.getValue();
                }
            }
        }
        return pick == null ? null : text(pick);
    }

    private static String join(List<JsonNode> values) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode v : values) {
            String s = text(v);
            if (s != null) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(s);
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
