package org.trawl.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortedRowsTest {
    @TempDir
    Path tmp;

    private static String row(String key, int i) {
        return "\"" + key + "\",\"line\nbreak " + i
                + "\",\u00e9\u4e2d\uD83E\uDD9A\n"; // rows may hold newlines and any text
    }

    @Test
    void rowsComeOutInKeyOrderWhetherHeldOrSpilledAndMerged() throws Exception {
        for (long spillAt : new long[] {SortedRows.SPILL_CHARS, 500, 1}) {
            Random rnd = new Random(spillAt);
            List<String> keys = new ArrayList<>();
            StringWriter w = new StringWriter();
            try (SortedRows rows = new SortedRows(tmp.resolve("t.csv.run"), spillAt)) {
                for (int i = 0; i < 2_000; i++) {
                    String key =
                            SortedRows.key("l" + rnd.nextInt(50) + "/" + Integer.toHexString(rnd.nextInt()), "u" + i);
                    keys.add(key);
                    rows.add(key, row(key, i));
                }
                rows.writeTo(w);
            }
            List<String> expected = keys.stream().sorted().toList();
            StringBuilder want = new StringBuilder();
            for (String k : expected) {
                want.append(row(k, Integer.parseInt(k.substring(k.indexOf("\0u") + 2))));
            }
            assertThat(w.toString()).as("spill at %d", spillAt).isEqualTo(want.toString());
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left).as("run files deleted").isEmpty();
            }
        }
    }
}
