package org.trawl.source.som;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Datastore's Value JSON (a tagged union: stringValue, integerValue as a string, keyValue, ...)
 * turned into plain JSON, as som's sidecars hold it, and into text for metadata.csv.
 */
final class DatastoreValues {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DatastoreValues() {}

    /** A Value as plain JSON: strings, numbers, booleans, null, arrays, objects; a key as its path. */
    static JsonNode plain(JsonNode v) {
        if (v == null || v.isNull() || v.has("nullValue")) {
            return F.nullNode();
        }
        if (v.has("stringValue")) {
            return F.textNode(v.get("stringValue").asText());
        }
        if (v.has("integerValue")) {
            String s = v.get("integerValue").asText();
            try {
                return F.numberNode(Long.parseLong(s));
            } catch (NumberFormatException e) {
                return F.textNode(s);
            }
        }
        if (v.has("doubleValue")) {
            JsonNode d = v.get("doubleValue");
            return d.isNumber() ? F.numberNode(d.asDouble()) : F.textNode(d.asText()); // "NaN", "Infinity"
        }
        if (v.has("booleanValue")) {
            return F.booleanNode(v.get("booleanValue").asBoolean());
        }
        if (v.has("timestampValue")) {
            return F.textNode(v.get("timestampValue").asText());
        }
        if (v.has("blobValue")) {
            return F.textNode(v.get("blobValue").asText());
        }
        if (v.has("keyValue")) {
            return F.textNode(keyPath(v.get("keyValue")));
        }
        if (v.has("geoPointValue")) {
            ObjectNode g = F.objectNode();
            g.set("latitude", v.get("geoPointValue").path("latitude"));
            g.set("longitude", v.get("geoPointValue").path("longitude"));
            return g;
        }
        if (v.has("arrayValue")) {
            ArrayNode a = F.arrayNode();
            for (JsonNode item : v.get("arrayValue").path("values")) {
                a.add(plain(item));
            }
            return a;
        }
        if (v.has("entityValue")) {
            ObjectNode o = F.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it =
                    v.get("entityValue").path("properties").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                o.set(e.getKey(), plain(e.getValue()));
            }
            return o;
        }
        return F.nullNode();
    }

    /** A Value as one metadata.csv cell: scalars as text, structures as compact JSON. */
    static String text(JsonNode v) {
        JsonNode p = plain(v);
        if (p.isNull()) {
            return "";
        }
        return p.isValueNode() ? p.asText() : p.toString();
    }

    /** A string property, or null when absent or not a string. */
    static String string(Map<String, JsonNode> props, String name) {
        JsonNode v = props.get(name);
        return v != null && v.has("stringValue") ? v.get("stringValue").asText() : null;
    }

    /** "Collection/C/Entity/E" style: kind and name (or id) of each path element. */
    static String keyPath(JsonNode key) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode el : key.path("path")) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(el.path("kind").asText()).append('/').append(nameOrId(el));
        }
        return sb.toString();
    }

    /** The last path element's name, or its numeric id as text. */
    static String lastName(JsonNode key) {
        JsonNode path = key.path("path");
        return path.size() == 0 ? "" : nameOrId(path.get(path.size() - 1));
    }

    /** The name (or id) of the first path element of the given kind, or null. */
    static String nameOf(JsonNode key, String kind) {
        for (JsonNode el : key.path("path")) {
            if (kind.equals(el.path("kind").asText())) {
                return nameOrId(el);
            }
        }
        return null;
    }

    private static String nameOrId(JsonNode el) {
        return el.hasNonNull("name") ? el.get("name").asText() : el.path("id").asText();
    }
}
