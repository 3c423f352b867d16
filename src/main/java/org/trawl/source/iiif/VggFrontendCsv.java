package org.trawl.source.iiif;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.core.MediaItem;
import org.trawl.plan.PlannedItem;
import org.trawl.source.DatasetSink;

/**
 * The vgg_frontend metadata CSV iiif_downloader writes with -m:
 * <pre>
 * #filename,file_attributes
 * folder/0000.jpg,"{""caption"": ""p. 1"", ""document_label"": ""..."", ...}"
 * </pre>
 * The second column is the JSON Python's {@code json.dumps} gives ({@code ", "} and {@code ": "}
 * separators, non-ASCII escaped as a backslash, u and four hex digits), with caption, document_label,
 * document_attribution and document_description, each only when the source has it. Labels that
 * were language maps are plain text here (the seed dumped the map). The file is rewritten whole
 * on every run (the seed appended, so re-runs duplicated rows).
 */
public final class VggFrontendCsv implements DatasetSink {
    private final Path file;
    private final Path tmp;
    private final BufferedWriter w;

    public VggFrontendCsv(Path file) {
        this.file = file;
        this.tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            this.w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
            w.write("#filename,file_attributes\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void accept(PlannedItem item, ItemRecord record) throws IOException {
        if (record == null || record.path() == null) {
            return;
        }
        MediaItem m = item.item();
        Map<String, String> attrs = new LinkedHashMap<>();
        put(attrs, "caption", m.fields().get("canvas_label"));
        put(attrs, "document_label", m.fields().get("manifest_label"));
        put(attrs, "document_attribution", m.rightsHolder());
        put(attrs, "document_description", m.fields().get("description"));
        w.write(csvField(record.path()));
        w.write(',');
        w.write(csvField(pythonJson(attrs)));
        w.write('\n');
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    /** Python csv QUOTE_MINIMAL: quoted only when it holds a comma, a quote or a line break. */
    static String csvField(String v) {
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    /** {@code json.dumps(dict)} of a flat string dict, byte for byte. */
    static String pythonJson(Map<String, String> m) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            string(sb, e.getKey());
            sb.append(": ");
            string(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public void close() throws IOException {
        w.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
