package org.trawl.source.gbif.dwca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.Archives;

/** Reading archives as meta.xml describes them, on the real edge-case fixtures and hand-built ones. */
class DwcaArchiveTest {
    @TempDir
    Path tmp;

    /** Every core row as term local name -> value. */
    static List<Map<String, String>> coreRows(Path archive) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (DwcaArchive a = DwcaArchive.open(archive);
                RowReader r = a.rows(a.descriptor().core())) {
            FileSpec core = a.descriptor().core();
            while (r.next()) {
                Map<String, String> row = new java.util.LinkedHashMap<>();
                row.put("_id", r.get(core.idIndex()));
                for (FileSpec.Field f : core.fields().values()) {
                    row.put(FileSpec.localName(f.term()), r.get(f.index()));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void noHeaderLinesMeansTheFirstLineIsData() throws Exception {
        List<Map<String, String>> rows = coreRows(Archives.fixture(tmp, "dwca-noheaders-1.zip"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsEntry("_id", "")
                .containsEntry("basisOfRecord", "Observation")
                .containsEntry("locality", "Borneo")
                .containsEntry("scientificName", "tetraodon fluviatilis");
        assertThat(rows.get(1)).containsEntry("scientificName", "betta splendens");
    }

    @Test
    void utf8ValuesAndALastLineWithoutTerminator() throws Exception {
        List<Map<String, String>> rows = coreRows(Archives.fixture(tmp, "dwca-utf8-eol-test.zip"));
        assertThat(rows).hasSize(1);
        // the fixture's bytes are C3 83 C2 85: decoded as UTF-8 they give these two characters
        assertThat(rows.get(0))
                .containsEntry("identifiedBy", "\u00c3\u0085hlander, E")
                .containsEntry("_id", "189433446")
                .containsEntry("modified", "Fri Jan 11 10:32:15 CET 2013");
    }

    @Test
    void unzippedFolderWithHeaderAndNoEnclosure() throws Exception {
        Path dir = tmp.resolve("d");
        Files.createDirectories(dir);
        for (String f : List.of("meta.xml", "occurrence.txt", "eml.xml")) {
            Files.copy(getClass().getResourceAsStream("/fixtures/dwca/dwca-meta-default-values/" + f), dir.resolve(f));
        }
        List<Map<String, String>> rows = coreRows(dir);
        assertThat(rows).extracting(m -> m.get("family")).containsExactly("Tetraodontidae", "Osphronemidae");
    }

    @Test
    void olderGbifDownloadWithoutHeaderAndWithMacOsJunk() throws Exception {
        List<Map<String, String>> rows = coreRows(Archives.fixture(tmp, "gbif-results.zip"));
        assertThat(rows).hasSize(158);
        assertThat(rows.get(0))
                .containsEntry("_id", "607759330")
                .containsEntry("scientificName", "Chelonodon fluviatilis (Hamilton, 1822)");
        assertThat(rows.get(157).get("_id")).isNotEmpty();
    }

    @Test
    void quotedCsvWithSeparatorsNewlinesAndDoubledQuotesInsideCrLfLines() throws Exception {
        String meta = """
                <archive xmlns="http://rs.tdwg.org/dwc/text/">
                  <core ignoreHeaderLines="1" linesTerminatedBy="\\r\\n" rowType="http://rs.tdwg.org/dwc/terms/Occurrence">
                    <files><location>occ.csv</location></files>
                    <id index="0"/>
                    <field index="1" term="http://rs.tdwg.org/dwc/terms/locality"/>
                    <field index="2" term="http://rs.tdwg.org/dwc/terms/scientificName"/>
                  </core>
                </archive>""";
        Path z = Archives.zip(
                tmp.resolve("q.zip"),
                Archives.text(
                        "top/meta.xml",
                        meta,
                        "__MACOSX/top/._meta.xml",
                        "junk",
                        "top/occ.csv",
                        "id,locality,scientificName\r\n1,\"Paris, \"\"France\"\"\",Quercus robur\r\n"
                                + "2,\"two\r\nlines\",\"Pinus, sylvestris\"\r\n3,,Abies\r\n"));
        List<Map<String, String>> rows = coreRows(z);
        assertThat(rows).extracting(m -> m.get("locality")).containsExactly("Paris, \"France\"", "two\r\nlines", "");
        assertThat(rows)
                .extracting(m -> m.get("scientificName"))
                .containsExactly("Quercus robur", "Pinus, sylvestris", "Abies");
    }

    @Test
    void utf16DataFileIsDecoded() throws Exception {
        String meta = """
                <archive><core encoding="UTF-16LE" fieldsTerminatedBy="\\t" fieldsEnclosedBy="" ignoreHeaderLines="0"
                  rowType="http://rs.tdwg.org/dwc/terms/Occurrence"><files><location>o.txt</location></files><id index="0"/>
                  <field index="1" term="http://rs.tdwg.org/dwc/terms/scientificName"/></core></archive>""";
        java.util.Map<String, byte[]> e = Archives.text("meta.xml", meta);
        e.put("o.txt", "1\tÅland cöd\n2\tSébastes\n".getBytes(StandardCharsets.UTF_16LE));
        List<Map<String, String>> rows = coreRows(Archives.zip(tmp.resolve("u.zip"), e));
        assertThat(rows).extracting(m -> m.get("scientificName")).containsExactly("Åland cöd", "Sébastes");
    }

    /**
     * A SIMPLE_PARQUET download (a zip of occurrence.parquet/ part files, or the folder gbifxdl unzips it to) is
     * named as such, not called "not a Darwin Core Archive": it has no image URLs, and DWCA has.
     */
    @Test
    void simpleParquetDownloadIsRefusedByName() throws Exception {
        byte[] part = "PAR1 (row groups) PAR1".getBytes(StandardCharsets.US_ASCII);
        Path zip = Archives.zip(
                tmp.resolve("0000001-250127130748423.zip"),
                Map.of("occurrence.parquet/000000", part, "occurrence.parquet/000001", part));
        assertThatThrownBy(() -> DwcaArchive.open(zip))
                .isInstanceOf(DwcaException.class)
                .hasMessageContaining("is a SIMPLE_PARQUET download")
                .hasMessageContaining("no image URLs")
                .hasMessageContaining("--format DWCA");
        Path folder = Files.createDirectories(tmp.resolve("key/occurrence.parquet"));
        Files.write(folder.resolve("000000"), part);
        assertThatThrownBy(() -> DwcaArchive.open(folder.getParent()))
                .hasMessageContaining("is a SIMPLE_PARQUET download");
        // a DwC-A still opens as one
        Path real = Archives.realGbifDownload(tmp, "http://127.0.0.1:9");
        try (DwcaArchive a = DwcaArchive.open(real)) {
            assertThat(a.described()).isTrue();
        }
    }

    @Test
    void simpleCsvDownloadIsDescribedByItsTabSeparatedHeader() throws Exception {
        try (DwcaArchive a = DwcaArchive.open(Archives.fixture(tmp, "0009886-250127130748423.zip"))) {
            assertThat(a.described()).isFalse();
            assertThat(a.descriptor().core().fieldSep()).isEqualTo('\t');
            assertThat(a.descriptor().core().field("mediaType")).isNotNull();
            try (RowReader r = a.rows(a.descriptor().core())) {
                int n = 0;
                while (r.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(91);
            }
        }
    }

    @Test
    void notAZipIsABadInputError() throws Exception {
        Path p = Files.writeString(tmp.resolve("x.zip"), "hello");
        assertThatThrownBy(() -> DwcaArchive.open(p))
                .isInstanceOf(DwcaException.class)
                .hasMessageContaining("not a zip");
    }

    @Test
    void zip64ArchiveIsReadInPlace() throws Exception {
        // more than 65,535 entries makes ZipOutputStream write ZIP64 end records
        Map<String, byte[]> e = Archives.gbif(
                List.of(new Archives.Occ("1", "10", "A a", "CC0_1_0")),
                List.of(new Archives.Media("1", "StillImage", "http://h/1.jpg", "", "", "")));
        for (int i = 0; i < 70_000; i++) {
            e.put("dataset/" + i + ".xml", new byte[0]);
        }
        Path z = Archives.zip(tmp.resolve("z64.zip"), e);
        byte[] bytes = Files.readAllBytes(z);
        assertThat(indexOf(bytes, new byte[] {0x50, 0x4b, 0x06, 0x06}))
                .as("ZIP64 end record")
                .isPositive();
        List<Map<String, String>> rows = coreRows(z);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("species", "A a");
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = hay.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
