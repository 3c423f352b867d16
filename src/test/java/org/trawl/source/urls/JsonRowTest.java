package org.trawl.source.urls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.trawl.internal.Json;

/**
 * A JSON list row is read from the parser's tokens; the cells must be what reading it as a tree gave
 * (metadata.csv's columns depend on them): scalars as a tree's text, nested values as compact JSON.
 */
class JsonRowTest {
    /** The former reading, kept as the reference. */
    static Map<String, String> viaTree(String json) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        Json.MAPPER.readTree(json).fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            m.put(e.getKey(), v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
        });
        return m;
    }

    static Map<String, String> viaTokens(String json) throws IOException {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            return UrlListSource.readObject(p);
        }
    }

    @Test
    void cellsAreWhatATreeGave() throws IOException {
        String[] rows = {
            "{}",
            "{\"url\":\"http://h/a.jpg\",\"label\":\"Quercus robur\",\"basename\":\"a\"}",
            "{\"n\":-0,\"big\":123456789012345678901234567890,\"l\":9007199254740993,\"i\":-42}",
            "{\"f\":1.50,\"e\":1e3,\"tiny\":4.9e-324,\"huge\":1e400,\"neg\":-0.0}",
            "{\"t\":true,\"f\":false,\"z\":null,\"s\":\"caf\\u00e9 \\\"q\\\" \\n\"}",
            "{\"o\":{\"a\":[1,2.0,{\"b\":null}],\"c\":\"d\"},\"empty\":[],\"eo\":{}}",
            "{\"dup\":\"first\",\"x\":1,\"dup\":\"second\"}",
        };
        for (String row : rows) {
            assertThat(viaTokens(row)).as(row).containsExactlyEntriesOf(viaTree(row));
        }
    }

    @Test
    void randomRowsGiveTheSameCells() throws IOException {
        Random rnd = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            String row = randomObject(rnd, 0);
            assertThat(viaTokens(row)).as(row).containsExactlyEntriesOf(viaTree(row));
        }
    }

    @Test
    void aBrokenRowIsAnError() {
        assertThatThrownBy(() -> viaTokens("{\"a\":1,")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> viaTokens("{\"a\" 1}")).isInstanceOf(IOException.class);
    }

    private static String randomObject(Random rnd, int depth) {
        StringBuilder sb = new StringBuilder("{");
        int fields = rnd.nextInt(6);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                sb.append(',');
            }
            sb.append("\"k").append(rnd.nextInt(4)).append("\":").append(randomValue(rnd, depth));
        }
        return sb.append('}').toString();
    }

    private static String randomValue(Random rnd, int depth) {
        return switch (rnd.nextInt(depth < 2 ? 9 : 7)) {
            case 0 -> "\"s" + rnd.nextInt(100) + "\"";
            case 1 -> Long.toString(rnd.nextLong() >> rnd.nextInt(64));
            case 2 -> Double.toString(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
            case 3 -> rnd.nextInt(5) + "." + rnd.nextInt(1000) + "e" + (rnd.nextInt(20) - 10);
            case 4 -> rnd.nextBoolean() ? "true" : "false";
            case 5 -> "null";
            case 6 -> "\"\\u00e9\\t" + rnd.nextInt(10) + "\"";
            case 7 -> randomObject(rnd, depth + 1);
            default -> "[" + randomValue(rnd, depth + 1) + "," + randomValue(rnd, depth + 1) + "]";
        };
    }
}
