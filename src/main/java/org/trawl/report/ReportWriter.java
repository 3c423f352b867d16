package org.trawl.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.trawl.card.Counter;
import org.trawl.card.DatasetFacts;
import org.trawl.card.Table;

/**
 * {@code OUT/report.html}: one self-contained page (inline CSS, SVG charts, thumbnails as inline JPEGs; no
 * script, no request at view time) to look at a dataset before training on it: counts per label and subset,
 * a few thumbnails per label (boxes drawn when OUT has {@code boxes.csv}), image sizes, licences, failures
 * by reason, duplicates. It reads only what is on disk, and samples: a million rows give the same page size
 * as a thousand. Every number shown carries a {@code data-} attribute, so a test can compare the page with
 * metadata.csv.
 */
public final class ReportWriter {
    public static final String FILE = "report.html";
    /** Labels given thumbnails, and thumbnails per label. */
    static final int LABELS_SHOWN = 40;

    /** Thumbnails per label: the samples per label to read the facts with ({@link DatasetFacts#read}). */
    public static final int PER_LABEL = 4;
    /** Labels given their own bar; the rest are one bar. */
    static final int BARS = 50;

    private ReportWriter() {}

    /** Writes OUT/report.html; returns its path. Fails with a one-line reason when OUT has no metadata.csv. */
    public static Path write(Path out, String version) {
        if (!Files.isRegularFile(out.resolve("metadata.csv"))) {
            throw new IllegalArgumentException(out + " has no metadata.csv: not a trawl dataset (or not finished)");
        }
        return write(out, version, DatasetFacts.read(out, PER_LABEL));
    }

    /** As {@link #write(Path, String)}, from facts already read with {@link #PER_LABEL} samples per label. */
    public static Path write(Path out, String version, DatasetFacts f) {
        String html = html(out, f, version);
        Path target = out.resolve(FILE);
        Path tmp = out.resolve("." + FILE + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static String html(Path out, DatasetFacts f, String version) {
        String title = out.toAbsolutePath().normalize().getFileName() == null
                ? "dataset"
                : out.toAbsolutePath().normalize().getFileName().toString();
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>")
                .append(esc(title))
                .append(" - trawl report</title><style>")
                .append(CSS)
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append("<p id=\"summary\" data-items=\"")
                .append(f.items)
                .append("\" data-labels=\"")
                .append(f.labels.size())
                .append("\" data-failures=\"")
                .append(f.failures)
                .append("\" data-duplicates=\"")
                .append(f.duplicates)
                .append("\" data-filtered=\"")
                .append(f.filtered)
                .append("\"><b>")
                .append(f.items)
                .append("</b> images, <b>")
                .append(f.labels.size())
                .append("</b> labels, ")
                .append(f.subsets.isEmpty() ? "" : "<b>" + f.subsets.size() + "</b> subsets, ")
                .append("<b>")
                .append(f.failures)
                .append("</b> failed, <b>")
                .append(f.duplicates)
                .append("</b> in duplicates.csv, <b>")
                .append(f.filtered)
                .append("</b> filtered out. Made by trawl ")
                .append(esc(version))
                .append(" on ")
                .append(LocalDate.now(ZoneOffset.UTC))
                .append(".</p>\n");

        if (!f.subsets.isEmpty()) {
            h.append("<h2>Subsets</h2>\n");
            bars(h, "subsets", f.subsets.byName(), Integer.MAX_VALUE, f.items);
        }
        h.append("<h2>Labels</h2>\n");
        bars(h, "labels", f.labels.byCount(), BARS, f.items);
        if (!f.perSubset.isEmpty() && f.labels.size() <= BARS) {
            h.append("<table class=\"t\" id=\"label-subsets\"><tr><th>label</th>");
            f.perSubset.keySet().forEach(s -> h.append("<th>").append(esc(s)).append("</th>"));
            h.append("</tr>\n");
            for (Counter.Entry e : f.labels.byCount()) {
                h.append("<tr><td>").append(esc(e.name())).append("</td>");
                f.perSubset.forEach((s, c) ->
                        h.append("<td class=\"n\">").append(c.get(e.name())).append("</td>"));
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }

        thumbnails(h, out, f);

        h.append("<h2>Image sizes</h2>\n<div class=\"row\">");
        histogram(h, "widths", "width (px)", f.widths);
        histogram(h, "heights", "height (px)", f.heights);
        h.append("</div>\n");

        h.append("<h2>Licences</h2>\n");
        table(h, "licences", "licence", f.licenceCounts.byCount());
        h.append("<h2>Failures by reason</h2>\n");
        if (f.failures == 0) {
            h.append("<p id=\"failures\" data-count=\"0\">None.</p>\n");
        } else {
            table(h, "failures", "reason", f.failureReasons.byCount());
        }
        h.append("<h2>Duplicates and dropped items</h2>\n");
        if (f.duplicates == 0) {
            h.append("<p id=\"duplicates\" data-count=\"0\">None (duplicates.csv is written by --dedup).</p>\n");
        } else {
            table(h, "duplicates", "kind", f.duplicateKinds.byCount());
        }
        h.append("<h2>Filtered items</h2>\n");
        if (f.filtered == 0) {
            h.append("<p id=\"filtered\" data-count=\"0\">None (filtered.csv lists what --license or --media-type")
                    .append(" left out).</p>\n");
        } else {
            table(h, "filtered", "reason", f.filteredReasons.byCount());
            h.append("<table class=\"t\" id=\"filtered-examples\"><tr><th>url</th><th>label</th><th>reason</th>")
                    .append("<th>value</th></tr>\n");
            for (String[] row : f.filteredExamples) {
                h.append("<tr>");
                for (String cell : row) {
                    h.append("<td>").append(esc(cell)).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
            if (f.filtered > f.filteredExamples.size()) {
                h.append("<p>The first ")
                        .append(f.filteredExamples.size())
                        .append(" of ")
                        .append(f.filtered)
                        .append("; all are in filtered.csv.</p>\n");
            }
        }
        h.append(
                        "<p class=\"foot\">Everything on this page comes from metadata.csv, failures.csv, duplicates.csv, filtered.csv")
                .append(" and boxes.csv in this folder; thumbnails are a sample.</p>\n</body></html>\n");
        return h.toString();
    }

    private static void bars(StringBuilder h, String id, List<Counter.Entry> entries, int max, long total) {
        List<Counter.Entry> shown = new ArrayList<>(entries.subList(0, Math.min(max, entries.size())));
        long rest = 0;
        for (int i = shown.size(); i < entries.size(); i++) {
            rest += entries.get(i).count();
        }
        long top = 1;
        for (Counter.Entry e : shown) {
            top = Math.max(top, e.count());
        }
        int rowH = 18, labelW = 220, barW = 460;
        int rows = shown.size() + (rest > 0 ? 1 : 0);
        h.append("<svg class=\"bars\" id=\"")
                .append(id)
                .append("\" data-total=\"")
                .append(total)
                .append("\" width=\"")
                .append(labelW + barW + 90)
                .append("\" height=\"")
                .append(rows * rowH + 4)
                .append("\" role=\"img\">");
        int y = 2;
        for (Counter.Entry e : shown) {
            bar(h, e.name(), e.count(), top, y, labelW, barW, colour(e.name()), false);
            y += rowH;
        }
        if (rest > 0) {
            // the other labels' bar is capped at the top bar's length; its number is their real sum
            bar(h, (entries.size() - shown.size()) + " more", rest, top, y, labelW, barW, "#999", true);
        }
        h.append("</svg>\n");
    }

    private static void bar(
            StringBuilder h, String name, long n, long top, int y, int labelW, int barW, String colour, boolean rest) {
        int w = (int) Math.max(1, Math.round((double) Math.min(n, top) / top * barW));
        h.append("<g class=\"bar\"")
                .append(rest ? " data-rest=\"1\"" : "")
                .append(" data-name=\"")
                .append(esc(name))
                .append("\" data-count=\"")
                .append(n)
                .append("\"><text x=\"")
                .append(labelW - 6)
                .append("\" y=\"")
                .append(y + 12)
                .append("\" text-anchor=\"end\">")
                .append(esc(cut(name, 32)))
                .append("</text><rect x=\"")
                .append(labelW)
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"")
                .append(w)
                .append("\" height=\"14\" fill=\"")
                .append(colour)
                .append("\"/><text x=\"")
                .append(labelW + w + 4)
                .append("\" y=\"")
                .append(y + 12)
                .append("\">")
                .append(n)
                .append("</text></g>");
    }

    private static void thumbnails(StringBuilder h, Path out, DatasetFacts f) {
        List<Counter.Entry> labels = f.labels.byCount();
        List<Counter.Entry> shown = labels.subList(0, Math.min(LABELS_SHOWN, labels.size()));
        Set<String> paths = new HashSet<>();
        for (Counter.Entry e : shown) {
            paths.addAll(f.samples.getOrDefault(e.name(), List.of()));
        }
        Map<String, List<double[]>> boxes = new HashMap<>();
        Map<String, List<String>> boxLabels = new HashMap<>();
        Table.forEach(out.resolve("boxes.csv"), r -> {
            String p = r.get("path");
            if (paths.contains(p)) {
                boxes.computeIfAbsent(p, k -> new ArrayList<>()).add(new double[] {
                    num(r.get("x")),
                    num(r.get("y")),
                    num(r.get("width")),
                    num(r.get("height")),
                    num(r.get("image_width")),
                    num(r.get("image_height"))
                });
                boxLabels.computeIfAbsent(p, k -> new ArrayList<>()).add(r.get("label"));
            }
        });
        h.append("<h2>Samples per label</h2>\n<p class=\"note\">")
                .append(PER_LABEL)
                .append(" images drawn at random from each of the ")
                .append(shown.size())
                .append(" largest labels")
                .append(boxes.isEmpty() ? "" : "; boxes from boxes.csv in the colour of their label")
                .append(".</p>\n<div class=\"grid\" id=\"thumbnails\">\n");
        for (Counter.Entry e : shown) {
            h.append("<div class=\"label\" data-name=\"")
                    .append(esc(e.name()))
                    .append("\"><div class=\"ln\" style=\"border-color:")
                    .append(colour(e.name()))
                    .append("\">")
                    .append(esc(cut(e.name(), 40)))
                    .append(" <span>")
                    .append(e.count())
                    .append("</span></div>");
            for (String p : f.samples.getOrDefault(e.name(), List.of())) {
                String uri = Thumbnail.dataUri(out.resolve(p));
                h.append("<figure title=\"").append(esc(p)).append("\">");
                if (uri == null) {
                    h.append("<div class=\"blank\">no preview</div>");
                } else {
                    h.append("<div class=\"th\"><img alt=\"\" src=\"")
                            .append(uri)
                            .append("\">");
                    List<double[]> bs = boxes.get(p);
                    if (bs != null && bs.get(0)[4] > 0 && bs.get(0)[5] > 0) {
                        h.append("<svg class=\"boxes\" viewBox=\"0 0 ")
                                .append(fmt(bs.get(0)[4]))
                                .append(' ')
                                .append(fmt(bs.get(0)[5]))
                                .append("\" preserveAspectRatio=\"none\">");
                        for (int i = 0; i < bs.size(); i++) {
                            double[] b = bs.get(i);
                            h.append("<rect class=\"box\" x=\"")
                                    .append(fmt(b[0]))
                                    .append("\" y=\"")
                                    .append(fmt(b[1]))
                                    .append("\" width=\"")
                                    .append(fmt(b[2]))
                                    .append("\" height=\"")
                                    .append(fmt(b[3]))
                                    .append("\" stroke=\"")
                                    .append(colour(boxLabels.get(p).get(i)))
                                    .append("\"/>");
                        }
                        h.append("</svg>");
                    }
                    h.append("</div>");
                }
                h.append("</figure>");
            }
            h.append("</div>\n");
        }
        h.append("</div>\n");
    }

    private static void histogram(StringBuilder h, String id, String axis, List<Long> values) {
        int bins = 20, w = 360, hgt = 140;
        long min = Long.MAX_VALUE, max = 0;
        for (long v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (values.isEmpty()) {
            min = 0;
        }
        long span = Math.max(1, max - min + 1); // bins over the sizes seen, not from 0
        long[] counts = new long[bins];
        for (long v : values) {
            counts[(int) Math.min(bins - 1, (v - min) * bins / span)]++;
        }
        long top = 1;
        for (long c : counts) {
            top = Math.max(top, c);
        }
        h.append("<figure class=\"hist\"><svg id=\"")
                .append(id)
                .append("\" data-count=\"")
                .append(values.size())
                .append("\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(hgt + 20)
                .append("\" role=\"img\">");
        double bw = (double) w / bins;
        for (int i = 0; i < bins; i++) {
            int bh = (int) Math.round((double) counts[i] / top * hgt);
            h.append("<rect x=\"")
                    .append(fmt(i * bw + 1))
                    .append("\" y=\"")
                    .append(hgt - bh)
                    .append("\" width=\"")
                    .append(fmt(bw - 2))
                    .append("\" height=\"")
                    .append(bh)
                    .append("\" data-count=\"")
                    .append(counts[i])
                    .append("\"><title>")
                    .append(min + i * span / bins)
                    .append("-")
                    .append(min + (i + 1) * span / bins - 1)
                    .append(" px: ")
                    .append(counts[i])
                    .append("</title></rect>");
        }
        h.append("<text x=\"0\" y=\"")
                .append(hgt + 15)
                .append("\">")
                .append(min)
                .append("</text><text x=\"")
                .append(w)
                .append("\" y=\"")
                .append(hgt + 15)
                .append("\" text-anchor=\"end\">")
                .append(max)
                .append("</text></svg><figcaption>")
                .append(esc(axis))
                .append(values.isEmpty() ? "" : ", " + values.size() + " images")
                .append("</figcaption></figure>");
    }

    private static void table(StringBuilder h, String id, String what, List<Counter.Entry> rows) {
        h.append("<table class=\"t\" id=\"")
                .append(id)
                .append("\"><tr><th>")
                .append(what)
                .append("</th><th>files</th></tr>\n");
        for (Counter.Entry e : rows) {
            h.append("<tr data-name=\"")
                    .append(esc(e.name()))
                    .append("\" data-count=\"")
                    .append(e.count())
                    .append("\"><td>")
                    .append(esc(e.name().isEmpty() ? "(none)" : e.name()))
                    .append("</td><td class=\"n\">")
                    .append(e.count())
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** A label's colour: the same in every chart and box, from its name alone. */
    static String colour(String label) {
        int hue = Math.floorMod(label.hashCode() * 0x9E3779B1, 360);
        return "hsl(" + hue + ",65%,45%)";
    }

    private static double num(String s) {
        try {
            return s.isEmpty() ? 0 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** Text and attribute values: whatever a server named a label cannot become markup. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 ? ' ' : c);
            }
        }
        return sb.toString();
    }

    private static final String CSS =
            "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}"
                    + "h1{margin:0 0 8px}h2{margin:28px 0 8px;border-bottom:1px solid #ddd}"
                    + "svg text{font:12px system-ui,sans-serif;fill:#333}.note,.foot{color:#666}"
                    + ".grid{display:flex;flex-wrap:wrap;gap:12px}.label{background:#fff;border:1px solid #ddd;padding:6px}"
                    + ".ln{border-left:6px solid;padding-left:6px;margin-bottom:4px;font-weight:600}.ln span{color:#777;"
                    + "font-weight:400}figure{display:inline-block;margin:2px}.th{position:relative;display:inline-block}"
                    + ".th img{display:block;max-width:112px;max-height:112px}.th svg{position:absolute;left:0;top:0;"
                    + "width:100%;height:100%}.box{fill:none;stroke-width:2;vector-effect:non-scaling-stroke}"
                    + ".blank{width:112px;height:84px;background:#eee;color:#999;font-size:11px;display:flex;"
                    + "align-items:center;justify-content:center}.row{display:flex;gap:24px;flex-wrap:wrap}"
                    + ".hist rect{fill:#4a7bd0}figcaption{color:#555;text-align:center}"
                    + ".t{border-collapse:collapse;background:#fff}.t td,.t th{border:1px solid #ddd;padding:3px 8px;"
                    + "text-align:left}.t .n{text-align:right}";
}
