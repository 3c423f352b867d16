package org.trawl.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.TrawlException;
import org.trawl.internal.Json;

/**
 * The checkpoint's records are read and written by hand ({@link ItemRecordJson}) instead of by Jackson's
 * binding, which defined the format: both must write the same bytes and read the same records, and whatever
 * the hand-written reader does not take must end as binding would have it (coerced, or refused).
 */
class ItemRecordJsonTest {
    @TempDir
    Path dir;

    private static final String[] TEXTS = {
        "",
        "a",
        "papaver_rhoeas/img_000008",
        "é ü 中文 🐟",
        "quote \" back \\ slash",
        "tab\tnew\nline\u0001ctl",
        "http://h/x.jpg?a=1&b=2#f",
        "</script>",
        "\u2028\u2029"
    };

    private static String text(Random r) {
        if (r.nextInt(4) == 0) {
            return null;
        }
        return r.nextBoolean() ? TEXTS[r.nextInt(TEXTS.length)] : Long.toString(r.nextLong(), 36);
    }

    private static Long longOrNull(Random r) {
        int k = r.nextInt(5);
        return k == 0 ? null : k == 1 ? Long.MAX_VALUE : k == 2 ? Long.MIN_VALUE : (Long) r.nextLong(0, 1L << 40);
    }

    private static Integer intOrNull(Random r) {
        int k = r.nextInt(5);
        return k == 0 ? null : k == 1 ? Integer.MAX_VALUE : k == 2 ? Integer.MIN_VALUE : (Integer) r.nextInt(0, 5000);
    }

    static ItemRecord random(Random r) {
        Map<String, String> fields = null;
        if (r.nextBoolean()) {
            fields = new LinkedHashMap<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                fields.put(TEXTS[r.nextInt(TEXTS.length)] + i, text(r));
            }
        }
        String status = new String[] {ItemRecord.DONE, ItemRecord.FAILED, ItemRecord.DROPPED}[r.nextInt(3)];
        return new ItemRecord(
                text(r) == null ? "k" : "k" + r.nextInt(),
                status,
                text(r),
                text(r),
                text(r),
                text(r),
                text(r),
                text(r),
                text(r),
                text(r),
                text(r),
                longOrNull(r),
                intOrNull(r),
                intOrNull(r),
                text(r),
                text(r),
                intOrNull(r),
                fields,
                longOrNull(r));
    }

    private static String handWritten(ItemRecord rec) throws Exception {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w)) {
            ItemRecordJson.write(g, rec);
        }
        return w.toString();
    }

    @Test
    void writesAndReadsWhatBindingWritesAndReads() throws Exception {
        Random r = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            ItemRecord rec = random(r);
            String bound = Json.MAPPER.writeValueAsString(rec);
            assertThat(handWritten(rec)).as("record %d", i).isEqualTo(bound);
            // (not always rec itself: a field's null value is not written)
            ItemRecord expected = Json.MAPPER.readValue(bound, ItemRecord.class);
            assertThat(CheckpointStore.parseLine(bound)).isEqualTo(expected);
            try (JsonParser p = Json.MAPPER.getFactory().createParser(bound)) {
                p.nextToken();
                assertThat(ItemRecordJson.read(p))
                        .as("what trawl writes is read without binding")
                        .isEqualTo(expected);
            }
        }
    }

    /** Lines trawl never writes: the record (or the refusal) must be binding's. */
    @Test
    void whatItDoesNotTakeEndsAsBindingHasIt() throws Exception {
        List<String> odd = List.of(
                "{\"key\":\"a\",\"bytes\":\"12\",\"width\":\"3\"}", // numbers as text: coerced
                "{\"key\":\"a\",\"bytes\":12.7,\"time\":1e3}", // floats
                "{\"key\":\"a\",\"width\":3000000000}", // an int field past int's range: refused
                "{\"key\":\"a\",\"bytes\":123456789012345678901234567890}",
                "{\"key\":\"a\",\"label\":7,\"status\":true,\"url\":1.5}", // scalars where text is expected
                "{\"key\":\"a\",\"key\":\"b\"}", // a repeated field
                "{\"key\":\"a\",\"fields\":{\"n\":5,\"b\":false,\"z\":null}}",
                "{\"key\":\"a\",\"fields\":{\"o\":{\"x\":1}}}", // refused
                "{\"key\":\"a\",\"fields\":[]}",
                "{\"key\":\"a\",\"fields\":null,\"width\":null,\"label\":null}",
                "{\"key\":{\"a\":1}}",
                "{\"key\":[\"a\"]}",
                "{\"key\":\"a\",\"unknown\":{\"deep\":[1,{\"key\":\"b\"}]},\"status\":\"done\"}",
                "{\"key\":\"a\"} trailing", // binding ignores what follows the object
                "{\"key\":\"a\"}{\"key\":\"b\"}",
                "{\"key\":\"a\",\"status\":\"do", // torn
                "[{\"key\":\"a\"}]",
                "{}");
        for (String line : odd) {
            Object bound;
            try {
                bound = Json.MAPPER.readValue(line, ItemRecord.class);
            } catch (Exception e) {
                bound = "refused";
            }
            Object read;
            try {
                read = CheckpointStore.parseLine(line);
            } catch (Exception e) {
                read = "refused";
            }
            assertThat(read).as(line).isEqualTo(bound);
        }
    }

    @Test
    void aSnapshotWithAnOddRecordIsReadOnceAndWhole() throws Exception {
        ItemRecord a = CheckpointStoreTest.rec("a", "done");
        ItemRecord c = CheckpointStoreTest.rec("c", "failed");
        String snapshot = "{\"version\":1,\"items\":[\n" + Json.MAPPER.writeValueAsString(a) + ",\n"
                + "{\"key\":\"b\",\"status\":\"done\",\"bytes\":\"12\"},\n" + Json.MAPPER.writeValueAsString(c)
                + "\n]}\n";
        Files.writeString(dir.resolve(CheckpointStore.CHECKPOINT), snapshot, StandardCharsets.UTF_8);
        List<ItemRecord> got = new ArrayList<>();
        CheckpointStore.readCheckpoint(dir, got::add);
        assertThat(got).extracting(ItemRecord::key).containsExactly("a", "b", "c");
        assertThat(got.get(1).bytes()).as("coerced as binding does").isEqualTo(12L);
        assertThat(got).containsExactly(a, got.get(1), c);

        Files.writeString(dir.resolve(CheckpointStore.CHECKPOINT), snapshot.replace("\"12\"", "{\"x\":1}"));
        assertThatThrownBy(() -> CheckpointStore.readCheckpoint(dir, r -> {}))
                .isInstanceOf(TrawlException.class)
                .hasMessageContaining("is unreadable");
    }
}
