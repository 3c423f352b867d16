package org.trawl.card;

import static org.trawl.card.Yaml.q;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code OUT/CITATION.cff} (Citation File Format 1.2.0): the dataset itself, the GBIF download DOI it was
 * built from (GBIF asks every user of a download to cite it), and as references the sources behind the
 * files: GBIF datasets (with their DOIs when the archive gives them), FathomNet, MBARI's VARS, IIIF
 * manifests with their attribution.
 */
final class Citation {
    static final String FILE = "CITATION.cff";

    private Citation() {}

    static String text(String title, String date, DatasetFacts f, List<GbifArchiveInfo> archives) {
        StringBuilder y = new StringBuilder();
        y.append("# Written by trawl at the end of every run into this folder; edit a copy.\n");
        y.append("cff-version: 1.2.0\n");
        y.append("message: ")
                .append(q("If you use this dataset, please cite it as below, and cite the sources it was built from"
                        + " (references); their licences are in ATTRIBUTION.csv."))
                .append('\n');
        y.append("type: dataset\n");
        y.append("title: ").append(q(title)).append('\n');
        y.append("abstract: ")
                .append(q(f.items + " images in " + f.labels.size() + " labels, built with trawl."))
                .append('\n');
        y.append("date-released: ").append(q(date)).append('\n');
        y.append("authors:\n");
        for (String a : authors(f, archives)) {
            y.append("  - name: ").append(q(a)).append('\n');
        }
        List<String[]> ids = new ArrayList<>();
        for (GbifArchiveInfo a : archives) {
            if (a.doi() != null) {
                ids.add(new String[] {"doi", a.doi(), "GBIF occurrence download " + a.key()});
            }
            ids.add(new String[] {"url", a.url(), "GBIF occurrence download " + a.key()});
        }
        if (!ids.isEmpty()) {
            y.append("identifiers:\n");
            for (String[] id : ids) {
                y.append("  - type: ").append(id[0]).append('\n');
                y.append("    value: ").append(q(id[1])).append('\n');
                y.append("    description: ").append(q(id[2])).append('\n');
            }
        }
        List<String> refs = references(f, archives);
        if (!refs.isEmpty()) {
            y.append("references:\n");
            refs.forEach(y::append);
        }
        return y.toString();
    }

    /** Who made the data: the services the files came from, else their rights holders. */
    private static List<String> authors(DatasetFacts f, List<GbifArchiveInfo> archives) {
        List<String> names = new ArrayList<>();
        for (Counter.Entry s : f.sources.byCount()) {
            String n = switch (s.name()) {
                case "gbif", "gbif-dwca" -> "GBIF.org";
                case "fathomnet" -> "FathomNet";
                case "m3" -> "Monterey Bay Aquarium Research Institute (MBARI)";
                default -> null;
            };
            if (n != null && !names.contains(n)) {
                names.add(n);
            }
        }
        if (!archives.isEmpty() && !names.contains("GBIF.org")) {
            names.add("GBIF.org");
        }
        for (Map.Entry<String, Counter> h : f.holders.entrySet()) {
            for (Counter.Entry e : h.getValue().byCount()) {
                if (names.size() < 10 && !names.contains(e.name())) {
                    names.add(e.name());
                }
            }
        }
        if (names.isEmpty()) {
            names.add("unknown");
        }
        return names;
    }

    private static List<String> references(DatasetFacts f, List<GbifArchiveInfo> archives) {
        List<String> refs = new ArrayList<>();
        for (GbifArchiveInfo a : archives) {
            refs.add(ref(
                    "data",
                    a.title() != null ? a.title() : "GBIF Occurrence Download " + a.key(),
                    "GBIF.org",
                    a.doi(),
                    a.url(),
                    null));
            for (GbifArchiveInfo.Dataset d : a.datasets()) {
                refs.add(ref(
                        "data",
                        d.title() != null ? d.title() : "GBIF dataset " + d.key(),
                        "GBIF.org",
                        d.doi(),
                        "https://www.gbif.org/dataset/" + d.key(),
                        null));
            }
        }
        if (archives.isEmpty()) {
            f.gbifDatasets.forEach((key, publisher) -> refs.add(ref(
                    "data",
                    "GBIF dataset " + key,
                    publisher.isEmpty() ? "GBIF.org" : publisher,
                    null,
                    "https://www.gbif.org/dataset/" + key,
                    f.gbifDatasetCounts.get(key) + " files")));
        }
        if (f.sources.get("fathomnet") > 0) {
            refs.add(ref(
                    "database",
                    "FathomNet",
                    "FathomNet",
                    "10.1038/s41598-022-19939-2",
                    "https://fathomnet.org",
                    f.sources.get("fathomnet") + " files"));
        }
        if (f.sources.get("m3") > 0) {
            refs.add(ref(
                    "database",
                    "MBARI Video Annotation and Reference System (VARS)",
                    "Monterey Bay Aquarium Research Institute (MBARI)",
                    null,
                    "https://www.mbari.org/technology/video-annotation-and-reference-system-vars/",
                    f.sources.get("m3") + " files"));
        }
        f.manifests.forEach((id, m) -> {
            String label = m[0], statement = m[1];
            refs.add(ref(
                    "generic",
                    label.isEmpty() ? id : label,
                    statement.isEmpty() ? hostOf(id) : statement,
                    null,
                    id.startsWith("http") ? id : null,
                    statement.isEmpty() ? "IIIF manifest" : "IIIF manifest; required statement: " + statement));
        });
        return refs;
    }

    private static String hostOf(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? "unknown" : h;
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }

    private static String ref(String type, String title, String author, String doi, String url, String notes) {
        StringBuilder r = new StringBuilder();
        r.append("  - type: ").append(type).append('\n');
        r.append("    title: ").append(q(cut(title))).append('\n');
        r.append("    authors:\n      - name: ").append(q(cut(author))).append('\n');
        if (doi != null) {
            r.append("    doi: ").append(q(doi)).append('\n');
        }
        if (url != null && url.matches("(?i)https?://\\S+")) {
            r.append("    url: ").append(q(url)).append('\n');
        }
        if (notes != null) {
            r.append("    notes: ").append(q(cut(notes))).append('\n');
        }
        return r.toString();
    }

    private static String cut(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    static Path path(Path out) {
        return out.resolve(FILE);
    }
}
