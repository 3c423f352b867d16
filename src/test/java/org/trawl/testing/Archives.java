package org.trawl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Builds Darwin Core Archives for tests: GBIF-shaped ones, and real fixtures with their media URLs rewritten. */
public final class Archives {
    private Archives() {}

    /** An occurrence of a generated GBIF-style archive. */
    public record Occ(String gbifId, String speciesKey, String species, String license) {}

    /** A media row of a generated GBIF-style archive. */
    public record Media(String gbifId, String type, String url, String license, String rightsHolder, String creator) {}

    public static final String GBIF_META = """
            <archive xmlns="http://rs.tdwg.org/dwc/text/" metadata="metadata.xml">
              <core encoding="UTF-8" fieldsTerminatedBy="\\t" linesTerminatedBy="\\n" fieldsEnclosedBy="" ignoreHeaderLines="1" rowType="http://rs.tdwg.org/dwc/terms/Occurrence">
                <files><location>occurrence.txt</location></files>
                <id index="0" />
                <field index="0" term="http://rs.gbif.org/terms/1.0/gbifID"/>
                <field index="1" term="http://rs.gbif.org/terms/1.0/speciesKey"/>
                <field index="2" term="http://rs.gbif.org/terms/1.0/species"/>
                <field index="3" term="http://purl.org/dc/terms/license"/>
                <field index="4" term="http://rs.gbif.org/terms/1.0/datasetKey"/>
                <field index="5" term="http://purl.org/dc/terms/publisher"/>
              </core>
              <extension encoding="UTF-8" fieldsTerminatedBy="\\t" linesTerminatedBy="\\n" fieldsEnclosedBy="" ignoreHeaderLines="1" rowType="http://rs.gbif.org/terms/1.0/Multimedia">
                <files><location>multimedia.txt</location></files>
                <coreid index="0" />
                <field index="0" term="http://rs.gbif.org/terms/1.0/gbifID"/>
                <field index="1" term="http://purl.org/dc/terms/type"/>
                <field index="2" term="http://purl.org/dc/terms/format"/>
                <field index="3" term="http://purl.org/dc/terms/identifier"/>
                <field index="4" term="http://purl.org/dc/terms/creator"/>
                <field index="5" term="http://purl.org/dc/terms/license"/>
                <field index="6" term="http://purl.org/dc/terms/rightsHolder"/>
              </extension>
            </archive>
            """;

    /** The entries of a GBIF-style archive (meta.xml, occurrence.txt, multimedia.txt). */
    public static Map<String, byte[]> gbif(List<Occ> occs, List<Media> media) {
        StringBuilder o = new StringBuilder("gbifID\tspeciesKey\tspecies\tlicense\tdatasetKey\tpublisher\n");
        for (Occ x : occs) {
            o.append(x.gbifId())
                    .append('\t')
                    .append(x.speciesKey())
                    .append('\t')
                    .append(x.species())
                    .append('\t')
                    .append(x.license())
                    .append("\tds-1\tPub\n");
        }
        StringBuilder m = new StringBuilder("gbifID\ttype\tformat\tidentifier\tcreator\tlicense\trightsHolder\n");
        for (Media x : media) {
            m.append(x.gbifId())
                    .append('\t')
                    .append(x.type())
                    .append("\timage/jpeg\t")
                    .append(x.url())
                    .append('\t')
                    .append(x.creator())
                    .append('\t')
                    .append(x.license())
                    .append('\t')
                    .append(x.rightsHolder())
                    .append('\n');
        }
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("meta.xml", GBIF_META.getBytes(StandardCharsets.UTF_8));
        e.put("occurrence.txt", o.toString().getBytes(StandardCharsets.UTF_8));
        e.put("multimedia.txt", m.toString().getBytes(StandardCharsets.UTF_8));
        return e;
    }

    public static Path zip(Path out, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out;
    }

    public static Map<String, byte[]> text(String... nameThenContent) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            m.put(nameThenContent[i], nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    /** Copies a zip, rewriting each line of one entry (e.g. the media URLs of multimedia.txt). */
    public static Path rewrite(Path in, Path out, String entry, UnaryOperator<String> line) throws IOException {
        try (ZipFile src = new ZipFile(in.toFile());
                OutputStream os = Files.newOutputStream(out);
                ZipOutputStream z = new ZipOutputStream(os)) {
            for (Enumeration<? extends ZipEntry> en = src.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                z.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream is = src.getInputStream(e)) {
                    if (e.getName().equals(entry)) {
                        String body = new String(is.readAllBytes(), StandardCharsets.UTF_8);
                        StringBuilder b = new StringBuilder();
                        body.lines().forEach(l -> b.append(line.apply(l)).append('\n'));
                        z.write(b.toString().getBytes(StandardCharsets.UTF_8));
                    } else {
                        is.transferTo(z);
                    }
                }
                z.closeEntry();
            }
        }
        return out;
    }

    /** The real GBIF download fixture (rgbif 0000066-140928181241064) with its media hosts pointed at {@code base}. */
    public static Path realGbifDownload(Path dir, String base) throws IOException {
        Path in = dir.resolve("in.zip");
        try (InputStream is = Archives.class.getResourceAsStream("/fixtures/dwca/0000066-140928181241064.zip")) {
            Files.copy(is, in);
        }
        return rewrite(
                in,
                dir.resolve("0000066-140928181241064.zip"),
                "multimedia.txt",
                l -> l.replaceAll("https?://[^/\t]+/", base + "/"));
    }

    public static Path fixture(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream is = Archives.class.getResourceAsStream("/fixtures/dwca/" + name)) {
            Files.copy(is, p);
        }
        return p;
    }
}
