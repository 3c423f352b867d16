package org.trawl.sink;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.trawl.internal.Csv;
import org.trawl.source.FilteredMedia;

/**
 * Writes {@code OUT/filtered.csv}: the media the source met but left out because a filter the user chose
 * refuses them (url, label, reason, value). Every shard reads the whole input, so each finds the same rows
 * and the last to finish writes the same file; it is written under the tables' lock and renamed into place,
 * so a reader never sees half of it. A run whose filters refused nothing leaves the file of an earlier run.
 */
public final class FilteredTable {
    public static final String FILE = "filtered.csv";
    public static final List<String> COLUMNS = List.of("url", "label", "reason", "value");

    private FilteredTable() {}

    public static void write(Path out, Iterable<FilteredMedia> filtered) {
        java.util.Iterator<FilteredMedia> rows = filtered.iterator();
        if (!rows.hasNext()) {
            return;
        }
        DatasetTables.underLock(out, () -> {
            Path tmp = out.resolve("." + FILE + ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(Csv.row(COLUMNS));
                while (rows.hasNext()) {
                    FilteredMedia m = rows.next();
                    w.write(Csv.row(List.of(m.url(), m.label(), m.reason(), m.value())));
                }
            }
            Files.move(tmp, out.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        });
    }
}
