package org.trawl.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import org.trawl.internal.Json;

/**
 * Writes a new snapshot by copying record lines as they are, when the snapshot and the journal have the
 * layout trawl writes (one record per line). Binding every record to an {@link ItemRecord} and writing it
 * out again cost ~300 ms at the end of a 10,000-image run (native, strace of the closing phase); a line
 * only needs its key read and its JSON checked, which a token scan does without building anything.
 *
 * <p>Same records, same order as {@link CheckpointStore#forEachLatest}: the snapshot's records that the
 * journal does not supersede, then each key's latest journal record. Every copied line has been checked
 * to be one whole JSON object, so the new snapshot is valid JSON whatever the old files hold; a line it
 * cannot vouch for (hand-edited, another layout) makes it give up, and the caller binds records instead.
 */
final class SnapshotLines {
    static final String HEAD = "{\"version\":1,\"items\":[";
    static final String TAIL = "]}";

    private SnapshotLines() {}

    /**
     * Writes the snapshot of the store in {@code dir} to {@code out}; returns the number of records, or -1
     * (with {@code out} partly written, for the caller to overwrite) when a line is not in trawl's layout.
     * journal: the journal's lines as the store wrote them, or null to scan the journal for them.
     */
    static long write(Path dir, Writer out, JournalLines journal) throws IOException {
        JournalLines lines = journal != null ? journal : scanJournal(dir);
        if (lines == null) {
            return -1;
        }
        out.write(HEAD);
        out.write('\n');
        long[] count = {0};
        if (!copySnapshot(dir.resolve(CheckpointStore.CHECKPOINT), lines, out, count)) {
            return -1;
        }
        try (Utf8LineReader r = reader(dir.resolve(CheckpointStore.JOURNAL))) {
            String line;
            for (int n = 1; r != null && (line = r.readLine()) != null; n++) {
                if (lines.keeps(n)) {
                    separate(out, count);
                    out.write(line);
                }
            }
        }
        out.write('\n');
        out.write(TAIL);
        out.write('\n');
        return count[0];
    }

    /** Each key's latest line in the journal; null if a line is readable only by binding it. */
    private static JournalLines scanJournal(Path dir) throws IOException {
        JournalLines lines = new JournalLines();
        try (Utf8LineReader r = reader(dir.resolve(CheckpointStore.JOURNAL))) {
            String line;
            for (int n = 1; r != null && (line = r.readLine()) != null; n++) {
                if (line.isBlank()) {
                    continue;
                }
                String key = keyOf(line);
                if (key == null) {
                    if (bindsWithKey(line)) {
                        return null; // readable, but not as one plain object: only binding treats it as before
                    }
                    continue; // torn by a crash: its item simply is not done
                }
                lines.add(key, n);
            }
        }
        return lines;
    }

    /** The old snapshot's records whose key the journal does not have; false if it is not in trawl's layout. */
    private static boolean copySnapshot(Path file, JournalLines superseded, Writer out, long[] count)
            throws IOException {
        try (Utf8LineReader r = reader(file)) {
            if (r == null) {
                return true;
            }
            if (!HEAD.equals(r.readLine())) {
                return false;
            }
            String line;
            boolean ended = false;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (ended) {
                    return false; // something after the closing line
                }
                if (line.equals(TAIL)) {
                    ended = true;
                    continue;
                }
                String record = line.endsWith(",") ? line.substring(0, line.length() - 1) : line;
                String key = keyOf(record);
                if (key == null) {
                    return false;
                }
                if (!superseded.supersedes(key)) {
                    separate(out, count);
                    out.write(record);
                }
            }
            return ended;
        }
    }

    private static void separate(Writer out, long[] count) throws IOException {
        if (count[0]++ > 0) {
            out.write(",\n");
        }
    }

    private static Utf8LineReader reader(Path file) throws IOException {
        return Utf8LineReader.open(file);
    }

    /**
     * The string "key" of a line that is exactly one JSON object; null for anything else (a torn line,
     * trailing text, no key, a key that is not a string).
     */
    static String keyOf(String line) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String key = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                boolean isKey = "key".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (isKey) {
                    if (value != JsonToken.VALUE_STRING || key != null) {
                        return null; // not a string, or twice: binding decides what that means
                    }
                    key = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return key;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean bindsWithKey(String line) {
        try {
            return Json.MAPPER.readValue(line, ItemRecord.class).key() != null;
        } catch (IOException e) {
            return false;
        }
    }
}
