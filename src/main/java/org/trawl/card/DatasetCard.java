package org.trawl.card;

import static org.trawl.card.Yaml.q;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code OUT/README.md}: a Hugging Face dataset card. The YAML header names the licence(s), task, size and
 * the splits ({@code configs}), whose patterns cover only the image folders, so that {@code
 * load_dataset(OUT)} reads the images with their folder labels and not trawl's tables; the prose says
 * where the data came from, what is in it, under which licences and how to cite it.
 */
final class DatasetCard {
    static final String FILE = "README.md";
    /** A README.md without this line is the user's, never overwritten. */
    static final String MARK = "<!-- trawl: dataset card, rewritten at the end of every run into this folder -->";

    /** Labels listed in the card's table; the rest are summed on one line. */
    static final int LABELS_LISTED = 100;

    private DatasetCard() {}

    static String text(
            String title,
            String version,
            String date,
            DatasetFacts f,
            List<RunLog.Run> runs,
            boolean boxes,
            List<GbifArchiveInfo> archives) {
        StringBuilder m = new StringBuilder();
        m.append("---\n");
        m.append("pretty_name: ").append(q(title)).append('\n');
        List<String> hub = new ArrayList<>();
        for (Counter.Entry e : f.licenceCounts.byCount()) {
            String h = f.licence(e.name()).hub();
            if (!hub.contains(h)) {
                hub.add(h);
            }
        }
        if (hub.isEmpty()) {
            hub.add("unknown");
        }
        m.append("license:\n");
        hub.forEach(h -> m.append("- ").append(h).append('\n'));
        m.append("task_categories:\n- image-classification\n");
        if (boxes) {
            m.append("- object-detection\n");
        }
        m.append("size_categories:\n- ").append(sizeCategory(f.items)).append('\n');
        m.append("tags:\n- trawl\n");
        m.append("configs:\n- config_name: default\n  data_files:\n");
        if (f.subsets.isEmpty()) {
            // no subset: every label folder is the train split; "*/**" leaves out the tables at the top
            m.append("  - split: train\n    path: ").append(q("*/**")).append('\n');
        } else {
            for (Counter.Entry s : f.subsets.byName()) {
                m.append("  - split: ").append(splitName(s.name())).append('\n');
                m.append("    path: ").append(q(glob(s.name()) + "/**")).append('\n');
            }
        }
        m.append("---\n").append(MARK).append("\n\n");
        m.append("# ").append(title.replace("\n", " ")).append("\n\n");
        List<String> restrictive = f.restrictiveLicences();
        if (!restrictive.isEmpty()) {
            m.append("> **Licence warning:** this dataset mixes licences. ");
            List<String> parts = new ArrayList<>();
            for (String id : restrictive) {
                parts.add(id + " (" + f.licenceCounts.get(id) + " files)");
            }
            m.append(String.join(", ", parts))
                    .append(
                            restrictive.stream().anyMatch(id -> f.licence(id).nonCommercial())
                                    ? " forbid commercial use (NC)"
                                    : "")
                    .append(
                            restrictive.stream().anyMatch(id -> f.licence(id).noDerivatives())
                                    ? (restrictive.stream()
                                                            .anyMatch(id -> f.licence(id)
                                                                    .nonCommercial())
                                                    ? " or"
                                                    : "") + " forbid derivative works (ND)"
                                    : "")
                    .append(". Check `ATTRIBUTION.csv` before training or redistributing; `--license` keeps only the "
                            + "licences you choose.\n\n");
        }
        m.append(String.format(
                Locale.ROOT,
                "%d images in %d labels%s, %s, built with trawl %s on %s.\n\n",
                f.items,
                f.labels.size(),
                f.subsets.isEmpty() ? "" : " and " + f.subsets.size() + " subsets",
                humanBytes(f.bytes),
                version,
                date));

        m.append("## Sources and queries\n\n");
        if (runs.isEmpty()) {
            m.append("Not recorded (the folder was built before trawl kept its runs).\n\n");
        } else {
            m.append("The commands that built this folder (secrets masked), latest last:\n\n```\n");
            for (RunLog.Run r : runs) {
                m.append(r.command().replace("\n", " ")).append('\n');
            }
            m.append("```\n\n");
            RunLog.Run last = runs.get(runs.size() - 1);
            m.append("Last run: ")
                    .append(last.date())
                    .append(", trawl ")
                    .append(last.version())
                    .append(".\n\n");
        }
        if (!f.sources.isEmpty()) {
            m.append("| source | files |\n|---|---:|\n");
            for (Counter.Entry e : f.sources.byCount()) {
                m.append("| ")
                        .append(cell(e.name()))
                        .append(" | ")
                        .append(e.count())
                        .append(" |\n");
            }
            m.append('\n');
        }

        m.append("## Labels and subsets\n\n");
        labelTable(m, f);

        m.append("## Licences\n\n| licence | files | rights holders |\n|---|---:|---|\n");
        for (Counter.Entry e : f.licenceCounts.byCount()) {
            m.append("| ")
                    .append(cell(e.name()))
                    .append(" | ")
                    .append(e.count())
                    .append(" | ")
                    .append(cell(Attribution.holders(f, e.name())))
                    .append(" |\n");
        }
        m.append("\n`ATTRIBUTION.csv` lists the rights holders per licence, and every file whose licence asks for "
                + "attribution (CC-BY and its variants) with its rights holder and URL.\n\n");

        m.append("## How to cite\n\n");
        m.append("`CITATION.cff` (Citation File Format) cites this dataset and the sources it was built from.");
        for (GbifArchiveInfo a : archives) {
            m.append(" GBIF asks every user of a download to cite it: GBIF.org (")
                    .append(date, 0, 4)
                    .append(") GBIF Occurrence Download ")
                    .append(a.url())
                    .append('.');
        }
        if (!f.manifests.isEmpty()) {
            m.append(" The IIIF manifests' required statements are in `CITATION.cff` (references).");
        }
        m.append("\n\n");

        if (f.failures > 0 || f.duplicates > 0 || f.filtered > 0) {
            m.append("## Not in the dataset\n\n");
            if (f.failures > 0) {
                m.append(f.failures).append(" items failed (`failures.csv`; a re-run resumes them).\n");
            }
            if (f.duplicates > 0) {
                m.append(f.duplicates).append(" rows in `duplicates.csv` (exact copies).\n");
            }
            if (f.filtered > 0) {
                m.append(f.filtered).append(" media left out by the run's filters (`filtered.csv`):");
                String sep = " ";
                for (Counter.Entry e : f.filteredReasons.byCount()) {
                    m.append(sep)
                            .append(e.count())
                            .append(" by `")
                            .append(e.name())
                            .append('`');
                    sep = ", ";
                }
                m.append(".\n");
            }
            m.append('\n');
        }
        m.append("## Files\n\n");
        m.append("- `[subset/]<label>/<file>`: the images; the folder names are the labels.\n");
        m.append("- `metadata.csv`: one row per image: path, URL, label, subset, source, licence, rights holder, "
                + "SHA-256, size.\n");
        m.append("- `failures.csv`, `ATTRIBUTION.csv`, `CITATION.cff`; `report.html` when made (`trawl report`).\n\n");
        m.append("Load it with `datasets.load_dataset(\"imagefolder\", data_dir=\"…\")` or, on the Hub, "
                + "`datasets.load_dataset(\"<user>/<name>\")`.\n");
        return m.toString();
    }

    private static void labelTable(StringBuilder m, DatasetFacts f) {
        List<String> subsets = new ArrayList<>();
        f.subsets.byName().forEach(e -> subsets.add(e.name()));
        m.append("| label |");
        subsets.forEach(s -> m.append(' ').append(cell(s)).append(" |"));
        m.append(" total |\n|---|");
        subsets.forEach(s -> m.append("---:|"));
        m.append("---:|\n");
        List<Counter.Entry> labels = f.labels.byCount();
        long[] rest = new long[subsets.size() + 1];
        for (int i = 0; i < labels.size(); i++) {
            Counter.Entry e = labels.get(i);
            if (i >= LABELS_LISTED) {
                for (int j = 0; j < subsets.size(); j++) {
                    rest[j] += f.perSubset.get(subsets.get(j)).get(e.name());
                }
                rest[subsets.size()] += e.count();
                continue;
            }
            m.append("| ")
                    .append(cell(e.name().isEmpty() ? "(none)" : e.name()))
                    .append(" |");
            for (String s : subsets) {
                m.append(' ').append(f.perSubset.get(s).get(e.name())).append(" |");
            }
            m.append(' ').append(e.count()).append(" |\n");
        }
        if (labels.size() > LABELS_LISTED) {
            m.append("| ").append(labels.size() - LABELS_LISTED).append(" more labels |");
            for (int j = 0; j < subsets.size(); j++) {
                m.append(' ').append(rest[j]).append(" |");
            }
            m.append(' ').append(rest[subsets.size()]).append(" |\n");
        }
        m.append("| **all** |");
        for (String s : subsets) {
            m.append(' ').append(f.subsets.get(s)).append(" |");
        }
        m.append(' ').append(f.items).append(" |\n\n");
    }

    /** Markdown table cell: no pipe or line break can end it, no HTML can run. */
    static String cell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replaceAll("[\\r\\n]+", " ");
    }

    /** A split name the Hub accepts ({@code \w+}); the folder is still matched by its own name. */
    static String splitName(String subset) {
        String s = subset.replaceAll("[^A-Za-z0-9_]", "_");
        return s.isEmpty() ? "split" : s;
    }

    /** A folder name as a glob that matches only itself. */
    static String glob(String name) {
        return name.replaceAll("([\\[\\]*?{}])", "[$1]");
    }

    static String sizeCategory(long n) {
        if (n < 1_000) {
            return "n<1K";
        }
        if (n < 10_000) {
            return "1K<n<10K";
        }
        if (n < 100_000) {
            return "10K<n<100K";
        }
        if (n < 1_000_000) {
            return "100K<n<1M";
        }
        if (n < 10_000_000) {
            return "1M<n<10M";
        }
        if (n < 100_000_000) {
            return "10M<n<100M";
        }
        return n < 1_000_000_000 ? "100M<n<1B" : "1B<n<10B";
    }

    static String humanBytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
