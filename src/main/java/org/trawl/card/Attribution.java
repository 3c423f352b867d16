package org.trawl.card;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.trawl.internal.Csv;

/**
 * {@code OUT/ATTRIBUTION.csv}: one summary row per licence (its file count and rights holders, path
 * empty), then one row per file only under licences that require crediting the author (CC-BY and its
 * variants), so that a user who shows or redistributes an image finds whom to credit.
 */
final class Attribution {
    static final String FILE = "ATTRIBUTION.csv";
    static final List<String> COLUMNS = List.of("license", "files", "path", "rights_holder", "url");

    private Attribution() {}

    static void write(Path out, DatasetFacts f) {
        Path target = out.resolve(FILE);
        Path tmp = out.resolve("." + FILE + "." + ProcessHandle.current().pid() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(Csv.row(COLUMNS)); // ends its line
            for (Counter.Entry e : f.licenceCounts.byCount()) {
                w.write(Csv.row(List.of(e.name(), Long.toString(e.count()), "", holders(f, e.name()), "")));
            }
            boolean any = f.licences.values().stream().anyMatch(Licence::attribution);
            if (any) {
                IOException[] failed = new IOException[1];
                Table.forEach(out.resolve("metadata.csv"), r -> {
                    Licence l = f.licences.getOrDefault(r.get("license").strip(), Licence.UNKNOWN);
                    if (l.attribution() && failed[0] == null) {
                        try {
                            w.write(Csv.row(List.of(l.id(), "1", r.get("path"), r.get("rights_holder"), r.get("url"))));
                        } catch (IOException x) {
                            failed[0] = x;
                        }
                    }
                });
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DatasetDocs.replace(tmp, target);
    }

    /** The rights holders of a licence, most files first; past {@link DatasetFacts#HOLDERS_KEPT}, "and others". */
    static String holders(DatasetFacts f, String licence) {
        Counter h = f.holders.get(licence);
        if (h == null || h.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Counter.Entry e : h.byCount()) {
            sb.append(sb.isEmpty() ? "" : "; ").append(e.name());
        }
        return h.size() >= DatasetFacts.HOLDERS_KEPT ? sb + "; and others" : sb.toString();
    }
}
