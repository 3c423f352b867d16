package org.trawl.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.internal.Json;

/**
 * Compaction copies record lines instead of binding them: the snapshot it leaves must hold exactly the
 * records, in the order, that binding gave ({@link CheckpointStore#forEachLatest} before the close), and
 * must be valid JSON whatever the old files held.
 */
class SnapshotLinesTest {
    @TempDir
    Path dir;

    static String line(String key, String status) throws Exception {
        return Json.MAPPER.writeValueAsString(CheckpointStoreTest.rec(key, status));
    }

    /** Compacts the store through a close and returns the snapshot's records, checking it is one JSON document. */
    private List<String> compactAndRead(String checkpoint, String journal) throws Exception {
        if (checkpoint != null) {
            Files.writeString(dir.resolve(CheckpointStore.CHECKPOINT), checkpoint, StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve(CheckpointStore.JOURNAL), journal, StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        CheckpointStore.forEachLatest(dir, r -> expected.add(r.key() + "=" + r.status()));
        try (CheckpointStore s = CheckpointStore.open(dir, false)) {
            s.load(new KeyIndex());
        }
        assertThat(Files.size(dir.resolve(CheckpointStore.JOURNAL))).isZero();
        JsonNode doc =
                Json.MAPPER.readTree(dir.resolve(CheckpointStore.CHECKPOINT).toFile());
        List<String> got = new ArrayList<>();
        doc.get("items")
                .forEach(n ->
                        got.add(n.get("key").asText() + "=" + n.get("status").asText()));
        assertThat(got).as("same records, same order as binding them").containsExactlyElementsOf(expected);
        return got;
    }

    @Test
    void theJournalsLatestRecordsFollowTheSnapshotsOthers() throws Exception {
        String checkpoint = SnapshotLines.HEAD + "\n" + line("a", "done") + ",\n" + line("b", "failed") + ",\n"
                + line("c", "done") + "\n" + SnapshotLines.TAIL + "\n";
        String journal = line("b", "failed") + "\n" + line("d", "failed") + "\n\n" + line("b", "done") + "\n"
                + line("d", "done") + "\n";
        assertThat(compactAndRead(checkpoint, journal)).containsExactly("a=done", "c=done", "b=done", "d=done");
    }

    @Test
    void aTornLineIsLeftOutAndAFreshStoreNeedsNoSnapshot() throws Exception {
        String torn = line("x", "done");
        // a torn line ending in a nested object's brace is still not one whole object
        String nested = "{\"key\":\"y\",\"status\":\"done\",\"fields\":{\"k\":\"v\"}";
        String journal = line("w", "done") + "\n" + torn.substring(0, torn.length() / 2) + "\n" + nested + "\n"
                + line("z", "done") + "\n";
        assertThat(compactAndRead(null, journal)).containsExactly("w=done", "z=done");
    }

    @Test
    void fieldsTrawlDoesNotKnowAreKeptAsWritten() throws Exception {
        String future = "{\"key\":\"n\",\"status\":\"done\",\"newer\":{\"a\":[1,2]}}";
        compactAndRead(null, future + "\n");
        assertThat(Files.readString(dir.resolve(CheckpointStore.CHECKPOINT))).contains(future);
    }

    @Test
    void aHandEditedSnapshotIsReadByBindingInstead() throws Exception {
        String pretty = "{\n  \"items\": [\n    {\"key\": \"a\", \"status\": \"done\"},\n"
                + "    {\"status\": \"failed\",\n     \"key\": \"b\"}\n  ],\n  \"version\": 1\n}\n";
        assertThat(compactAndRead(pretty, line("c", "done") + "\n")).containsExactly("a=done", "b=failed", "c=done");
    }

    @Test
    void aLineBindingReadsDifferentlyIsLeftToBinding() throws Exception {
        // Jackson's binding takes trailing text and a numeric key; a copy could not vouch for either line
        String journal = "{\"key\":\"a\",\"status\":\"done\"} trailing\n{\"key\":7,\"status\":\"done\"}\n";
        assertThat(compactAndRead(null, journal)).containsExactly("a=done", "7=done");
    }

    @Test
    void keyOfAcceptsOnlyOneWholeObjectWithAStringKey() {
        assertThat(SnapshotLines.keyOf("{\"status\":\"done\",\"key\":\"a\\\"b\"}"))
                .isEqualTo("a\"b");
        assertThat(SnapshotLines.keyOf("{\"key\":\"a\"}{")).isNull();
        assertThat(SnapshotLines.keyOf("{\"key\":\"a\",\"key\":\"b\"}")).isNull();
        assertThat(SnapshotLines.keyOf("{\"key\":null}")).isNull();
        assertThat(SnapshotLines.keyOf("[{\"key\":\"a\"}]")).isNull();
        assertThat(SnapshotLines.keyOf("{\"status\":\"done\"}")).isNull();
        assertThat(SnapshotLines.keyOf("{\"key\":\"a\",\"f\":{\"key\":\"b\"}}")).isEqualTo("a");
    }

    @Test
    void theLayoutItWritesIsTheOneItCopiesNextTime() throws Exception {
        StringWriter first = new StringWriter();
        Files.writeString(dir.resolve(CheckpointStore.JOURNAL), line("a", "done") + "\n" + line("b", "done") + "\n");
        assertThat(SnapshotLines.write(dir, first, null)).isEqualTo(2);
        Files.writeString(dir.resolve(CheckpointStore.CHECKPOINT), first.toString());
        Files.writeString(dir.resolve(CheckpointStore.JOURNAL), line("a", "failed") + "\n");
        StringWriter second = new StringWriter();
        assertThat(SnapshotLines.write(dir, second, null))
                .as("copied, not left to binding")
                .isEqualTo(2);
        assertThat(second.toString())
                .isEqualTo(SnapshotLines.HEAD + "\n" + line("b", "done") + ",\n" + line("a", "failed") + "\n"
                        + SnapshotLines.TAIL + "\n");
    }

    @Test
    void whatTheStoreWroteItselfIsFoldedFromItsOwnIndexOfLines() throws Exception {
        Files.writeString(
                dir.resolve(CheckpointStore.CHECKPOINT),
                SnapshotLines.HEAD + "\n" + line("x", "done") + ",\n" + line("a", "failed") + "\n" + SnapshotLines.TAIL
                        + "\n");
        List<String> expected = new ArrayList<>();
        try (CheckpointStore s = CheckpointStore.open(dir, false)) {
            s.load(new KeyIndex());
            for (String[] r : new String[][] {
                {"a", "failed"}, {"b", "failed"}, {"a", "done"}, {"c", "done"}, {"b", "done"}, {"c", "failed"}
            }) {
                s.append(CheckpointStoreTest.rec(r[0], r[1])).get();
            }
            CheckpointStore.forEachLatest(dir, r -> expected.add(r.key() + "=" + r.status()));
        }
        assertThat(expected).containsExactly("x=done", "a=done", "b=done", "c=failed");
        JsonNode doc =
                Json.MAPPER.readTree(dir.resolve(CheckpointStore.CHECKPOINT).toFile());
        List<String> got = new ArrayList<>();
        doc.get("items")
                .forEach(n ->
                        got.add(n.get("key").asText() + "=" + n.get("status").asText()));
        assertThat(got).containsExactlyElementsOf(expected);
        assertThat(Files.readString(dir.resolve(CheckpointStore.CHECKPOINT)))
                .as("copied in trawl's layout")
                .startsWith(SnapshotLines.HEAD + "\n" + line("x", "done") + ",\n");
    }
}
