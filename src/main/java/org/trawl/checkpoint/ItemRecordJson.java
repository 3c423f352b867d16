package org.trawl.checkpoint;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes an {@link ItemRecord} with Jackson's streaming API instead of data binding. Written by
 * hand because binding is the cost of every reading of a checkpoint: in the native executable ~5 µs a record,
 * so 50 ms for each rebuild of metadata.csv at 10,000 items (a fresh run drafts it instead, see TablesDraft)
 * and seconds for status, verify or a resume at a million. It reads the JSON trawl writes; anything it does not read exactly as binding would (text where a
 * number is expected, a repeated field, an object where text is expected) throws {@link NotPlain}, and the
 * caller binds that record instead. {@code ItemRecordJsonTest} checks both agree, and that it writes what
 * binding writes.
 */
final class ItemRecordJson {
    /** The record is readable only by binding (which may accept it, coerce it, or reject it). */
    static final class NotPlain extends IOException {
        NotPlain() {
            super("not in the form trawl writes");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // thrown often enough on odd files to skip the stack; it never reaches a user
        }
    }

    private static final int KEY = 0,
            STATUS = 1,
            URL = 2,
            PATH = 3,
            LABEL = 4,
            SUBSET = 5,
            SOURCE = 6,
            SOURCE_ID = 7,
            LICENSE = 8,
            RIGHTS_HOLDER = 9,
            SHA256 = 10,
            BYTES = 11,
            WIDTH = 12,
            HEIGHT = 13,
            CONTENT_TYPE = 14,
            REASON = 15,
            ATTEMPTS = 16,
            FIELDS = 17,
            TIME = 18,
            COUNT = 19;

    private ItemRecordJson() {}

    /** Reads the object p is on (its START_OBJECT read), leaving p on its END_OBJECT. */
    @SuppressWarnings("unchecked")
    static ItemRecord read(JsonParser p) throws IOException {
        Object[] v = new Object[COUNT];
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            int i = index(p.currentName());
            JsonToken value = p.nextToken();
            if (i < 0) {
                p.skipChildren(); // binding ignores unknown fields too
                continue;
            }
            if ((seen & (1 << i)) != 0) {
                throw new NotPlain();
            }
            seen |= 1 << i;
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            v[i] = switch (i) {
                case BYTES, TIME -> longValue(p, value);
                case WIDTH, HEIGHT, ATTEMPTS -> intValue(p, value);
                case FIELDS -> fields(p, value);
                default -> text(p, value);
            };
        }
        if (t != JsonToken.END_OBJECT) {
            throw new NotPlain();
        }
        return new ItemRecord(
                (String) v[KEY],
                (String) v[STATUS],
                (String) v[URL],
                (String) v[PATH],
                (String) v[LABEL],
                (String) v[SUBSET],
                (String) v[SOURCE],
                (String) v[SOURCE_ID],
                (String) v[LICENSE],
                (String) v[RIGHTS_HOLDER],
                (String) v[SHA256],
                (Long) v[BYTES],
                (Integer) v[WIDTH],
                (Integer) v[HEIGHT],
                (String) v[CONTENT_TYPE],
                (String) v[REASON],
                (Integer) v[ATTEMPTS],
                (Map<String, String>) v[FIELDS],
                (Long) v[TIME]);
    }

    /** Writes r as binding does: the components in order, null ones left out. */
    static void write(JsonGenerator g, ItemRecord r) throws IOException {
        g.writeStartObject();
        text(g, "key", r.key());
        text(g, "status", r.status());
        text(g, "url", r.url());
        text(g, "path", r.path());
        text(g, "label", r.label());
        text(g, "subset", r.subset());
        text(g, "source", r.source());
        text(g, "sourceId", r.sourceId());
        text(g, "license", r.license());
        text(g, "rightsHolder", r.rightsHolder());
        text(g, "sha256", r.sha256());
        if (r.bytes() != null) {
            g.writeNumberField("bytes", r.bytes());
        }
        if (r.width() != null) {
            g.writeNumberField("width", r.width());
        }
        if (r.height() != null) {
            g.writeNumberField("height", r.height());
        }
        text(g, "contentType", r.contentType());
        text(g, "reason", r.reason());
        if (r.attempts() != null) {
            g.writeNumberField("attempts", r.attempts());
        }
        if (r.fields() != null) {
            g.writeObjectFieldStart("fields");
            for (Map.Entry<String, String> e : r.fields().entrySet()) {
                text(g, e.getKey(), e.getValue()); // a null value is left out, as binding does
            }
            g.writeEndObject();
        }
        if (r.time() != null) {
            g.writeNumberField("time", r.time());
        }
        g.writeEndObject();
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static int index(String name) {
        return switch (name) {
            case "key" -> KEY;
            case "status" -> STATUS;
            case "url" -> URL;
            case "path" -> PATH;
            case "label" -> LABEL;
            case "subset" -> SUBSET;
            case "source" -> SOURCE;
            case "sourceId" -> SOURCE_ID;
            case "license" -> LICENSE;
            case "rightsHolder" -> RIGHTS_HOLDER;
            case "sha256" -> SHA256;
            case "bytes" -> BYTES;
            case "width" -> WIDTH;
            case "height" -> HEIGHT;
            case "contentType" -> CONTENT_TYPE;
            case "reason" -> REASON;
            case "attempts" -> ATTEMPTS;
            case "fields" -> FIELDS;
            case "time" -> TIME;
            default -> -1;
        };
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new NotPlain(); // binding turns a number or a boolean into text, and rejects an object
        }
        return p.getText();
    }

    private static Long longValue(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new NotPlain();
        }
        return p.getLongValue();
    }

    private static Integer intValue(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw new NotPlain();
        }
        return p.getIntValue();
    }

    private static Map<String, String> fields(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw new NotPlain();
        }
        Map<String, String> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken t = p.nextToken();
            m.put(k, t == JsonToken.VALUE_NULL ? null : text(p, t));
        }
        return m;
    }
}
