package org.trawl.checkpoint;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of an {@link ItemRecord}, read and written token by token.
 *
 * <p>Why by hand: every item's record is written once to the journal and read back at every load, compaction
 * and table rebuild. Jackson's generic path for a record (a creator fed through a property buffer, found by
 * name per property) led the profile of those readings in the native executable; with this codec and the
 * planning changes of the same release, a re-run over a 10,000-item journal takes a third less CPU
 * (BENCHMARKS.md, eighth run). The text is exactly what the generic path wrote
 * (record-component order, nulls left out, in the map too), and reading is as lenient as it was: unknown
 * properties are skipped, and any value that is not a plain string or integer is handed to Jackson's own
 * coercion, so odd hand-edited values read as before.
 */
final class ItemRecordJson {
    private ItemRecordJson() {
    }

    @RegisterForReflection
    public static final class Writer extends StdSerializer<ItemRecord> {
        public Writer() {
            super(ItemRecord.class);
        }

        @Override
        public void serialize(ItemRecord r, JsonGenerator g, SerializerProvider provider) throws IOException {
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
            number(g, "bytes", r.bytes());
            number(g, "width", r.width());
            number(g, "height", r.height());
            text(g, "contentType", r.contentType());
            text(g, "reason", r.reason());
            number(g, "attempts", r.attempts());
            if (r.fields() != null) {
                g.writeObjectFieldStart("fields");
                for (Map.Entry<String, String> e : r.fields().entrySet()) {
                    text(g, e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            number(g, "time", r.time());
            g.writeEndObject();
        }

        private static void text(JsonGenerator g, String name, String value) throws IOException {
            if (value != null) {
                g.writeStringField(name, value);
            }
        }

        private static void number(JsonGenerator g, String name, Number value) throws IOException {
            if (value != null) {
                g.writeNumberField(name, value.longValue());
            }
        }
    }

    @RegisterForReflection
    public static final class Reader extends StdDeserializer<ItemRecord> {
        public Reader() {
            super(ItemRecord.class);
        }

        @Override
        public ItemRecord deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT) {
                t = p.nextToken();
            } else if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT) {
                return (ItemRecord) ctx.handleUnexpectedToken(ItemRecord.class, p);
            }
            String key = null, status = null, url = null, path = null, label = null, subset = null, source = null,
                    sourceId = null, license = null, rightsHolder = null, sha256 = null, contentType = null,
                    reason = null;
            Long bytes = null, time = null;
            Integer width = null, height = null, attempts = null;
            Map<String, String> fields = null;
            for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "key" -> key = text(p, ctx);
                    case "status" -> status = text(p, ctx);
                    case "url" -> url = text(p, ctx);
                    case "path" -> path = text(p, ctx);
                    case "label" -> label = text(p, ctx);
                    case "subset" -> subset = text(p, ctx);
                    case "source" -> source = text(p, ctx);
                    case "sourceId" -> sourceId = text(p, ctx);
                    case "license" -> license = text(p, ctx);
                    case "rightsHolder" -> rightsHolder = text(p, ctx);
                    case "sha256" -> sha256 = text(p, ctx);
                    case "bytes" -> bytes = longValue(p, ctx);
                    case "width" -> width = intValue(p, ctx);
                    case "height" -> height = intValue(p, ctx);
                    case "contentType" -> contentType = text(p, ctx);
                    case "reason" -> reason = text(p, ctx);
                    case "attempts" -> attempts = intValue(p, ctx);
                    case "fields" -> fields = fields(p, ctx);
                    case "time" -> time = longValue(p, ctx);
                    default -> p.skipChildren(); // a property of a newer or older trawl
                }
            }
            return new ItemRecord(key, status, url, path, label, subset, source, sourceId, license, rightsHolder,
                    sha256, bytes, width, height, contentType, reason, attempts, fields, time);
        }

        private static String text(JsonParser p, DeserializationContext ctx) throws IOException {
            return switch (p.currentToken()) {
                case VALUE_STRING -> p.getText();
                case VALUE_NULL -> null;
                default -> ctx.readValue(p, String.class);
            };
        }

        private static Long longValue(JsonParser p, DeserializationContext ctx) throws IOException {
            return switch (p.currentToken()) {
                case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? ctx.readValue(p, Long.class) : p.getLongValue();
                case VALUE_NULL -> null;
                default -> ctx.readValue(p, Long.class);
            };
        }

        private static Integer intValue(JsonParser p, DeserializationContext ctx) throws IOException {
            return p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                    ? Integer.valueOf(p.getIntValue())
                    : p.currentToken() == JsonToken.VALUE_NULL ? null : ctx.readValue(p, Integer.class);
        }

        private static Map<String, String> fields(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return ctx.readValue(p, ctx.getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
                        String.class));
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                m.put(name, text(p, ctx));
            }
            return m;
        }
    }
}
