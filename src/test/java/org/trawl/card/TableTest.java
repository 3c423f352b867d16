package org.trawl.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.internal.Csv;

/** The tables are read by column name, and whatever Csv.row wrote reads back the same. */
class TableTest {
    @TempDir
    Path tmp;

    @Test
    void readsWhatCsvRowWritesByColumnName() throws Exception {
        List<List<String>> rows = List.of(
                List.of("a/1.jpg", "plain", "", "x"),
                List.of("b/2.jpg", "comma, and \"quotes\"", "two\nlines", "y"),
                List.of("c/3.jpg", "\"", ",", ""));
        StringBuilder csv = new StringBuilder("path,label,note,extra\n");
        rows.forEach(r -> csv.append(Csv.row(r)).append('\n'));
        csv.append('\n'); // a blank line at the end is no row
        Path file = tmp.resolve("m.csv");
        Files.writeString(file, csv);
        List<List<String>> read = new ArrayList<>();
        long n = Table.forEach(
                file, r -> read.add(List.of(r.get("path"), r.get("label"), r.get("note"), r.get("extra"))));
        assertThat(n).isEqualTo(3);
        assertThat(read).isEqualTo(rows);
        Table.forEach(file, r -> assertThat(r.get("no such column")).isEmpty());
    }
}
