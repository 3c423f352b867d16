package org.trawl.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CITATION.cff from what lands on disk: a GBIF download's archive, IIIF manifests, FathomNet and M3 rows. */
class CitationTest {
    static final Path FIXTURE_ARCHIVE = Path.of("/work/shared/fixtures/dwca/0000066-140928181241064.zip");
    static final String HEADER = "path,url,label,subset,source,source_id,license,rights_holder,sha256,bytes,width,"
            + "height,content_type,datasetKey,publisher,manifest_id,manifest_label,required_statement\n";

    @TempDir
    Path tmp;

    Path out;

    Path dataset(String rows) throws IOException {
        out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("metadata.csv"), HEADER + rows, StandardCharsets.UTF_8);
        return out;
    }

    @Test
    void aGbifDownloadArchiveGivesTheDownloadDoiAndEveryDatasetWithItsDoi() throws Exception {
        dataset("a/1.jpg,http://h/1.jpg,a,,gbif-dwca,1,CC_BY_4_0,Ann,,10,5,5,image/jpeg,ds-1,Pub,,,\n");
        // an archive as `gbif dwca KEY` leaves it: OUT/.trawl/dwca/<key>.zip, unzipped here to a folder
        Path archive = tmp.resolve("0012150-260108223611665");
        Files.createDirectories(archive.resolve("dataset"));
        Files.writeString(
                archive.resolve("metadata.xml"),
                "<eml><dataset><alternateIdentifier>10.15468/dl.hx3uzz</alternateIdentifier>"
                        + "<alternateIdentifier>https://www.gbif.org/occurrence/download/x</alternateIdentifier>"
                        + "<title>GBIF Occurrence Download 0012150-260108223611665</title></dataset></eml>");
        Files.writeString(
                archive.resolve("dataset/ds-1.xml"),
                "<eml><dataset><alternateIdentifier>ds-1</alternateIdentifier>"
                        + "<alternateIdentifier>doi:10.15468/abc.def</alternateIdentifier>"
                        + "<title xml:lang=\"en\">Fish &amp; Chips \"survey\"</title></dataset></eml>");
        RunLog.Run run = RunLog.of(List.of("gbif", "dwca", archive.toString(), "-o", out.toString()), "1.2", tmp);

        DatasetDocs.write(out, run, "1.2");

        String cff = Files.readString(out.resolve("CITATION.cff"));
        assertThat(cff)
                .contains("identifiers:\n  - type: doi\n    value: \"10.15468/dl.hx3uzz\"\n")
                .contains("    value: \"https://doi.org/10.15468/dl.hx3uzz\"\n")
                .contains("    title: \"GBIF Occurrence Download 0012150-260108223611665\"\n")
                .contains("    title: \"Fish & Chips \\\"survey\\\"\"\n    authors:\n      - name: \"GBIF.org\"\n"
                        + "    doi: \"10.15468/abc.def\"\n    url: \"https://www.gbif.org/dataset/ds-1\"\n")
                .contains("authors:\n  - name: \"GBIF.org\"\n");
        assertThat(Files.readString(out.resolve("README.md")))
                .contains("GBIF Occurrence Download https://doi.org/10.15468/dl.hx3uzz");
        validCff(out.resolve("CITATION.cff"), 2);
    }

    @Test
    void theRealFixtureArchiveInTheStateFolderNamesItsDatasets() throws Exception {
        assumeTrue(Files.isRegularFile(FIXTURE_ARCHIVE), "fixture archive missing: skipped");
        dataset("a/1.jpg,http://h/1.jpg,a,,gbif-dwca,1,,,,10,5,5,image/jpeg,,,,,\n");
        Files.createDirectories(out.resolve(".trawl/dwca"));
        Files.copy(FIXTURE_ARCHIVE, out.resolve(".trawl/dwca/0000066-140928181241064.zip"));

        DatasetDocs.write(out, null, "1.2");

        String cff = Files.readString(out.resolve("CITATION.cff"));
        assertThat(cff)
                .contains("    value: \"https://www.gbif.org/occurrence/download/0000066-140928181241064\"\n")
                .contains("    title: \"RBINS collections\"\n")
                .contains("    url: \"https://www.gbif.org/dataset/8138eb72-f762-11e1-a439-00145eb45e9a\"\n");
        assertThat(cff.split("\n  - type: data\n")).hasSize(1 + 1 + 26); // the download and its 26 datasets
        validCff(out.resolve("CITATION.cff"), 27);
    }

    @Test
    void iiifManifestsFathomNetAndM3AreReferencesWithTheirUrlsAndStatements() throws Exception {
        dataset("d/0000.jpg,http://h/i/full/max/0/default.jpg,d,,iiif,c1,,,,10,5,5,image/jpeg,,,"
                + "https://example.org/iiif/m1/manifest,Book of Hours,\"Courtesy of the Library: CC BY\"\n"
                + "f/1.png,http://h/1.png,f,,fathomnet,1,CC-BY-NC-ND-4.0,MBARI,,10,5,5,image/png,,,,,\n"
                + "m/1.png,http://h/2.png,m,,m3,2,,,,10,5,5,image/png,,,,,\n");

        DatasetDocs.write(out, null, "1.2");

        String cff = Files.readString(out.resolve("CITATION.cff"));
        assertThat(cff)
                .contains(
                        "    title: \"Book of Hours\"\n    authors:\n      - name: \"Courtesy of the Library: CC BY\"\n"
                                + "    url: \"https://example.org/iiif/m1/manifest\"\n")
                .contains("    title: \"FathomNet\"\n")
                .contains("    url: \"https://fathomnet.org\"\n")
                .contains("    title: \"MBARI Video Annotation and Reference System (VARS)\"\n");
        String card = Files.readString(out.resolve("README.md"));
        assertThat(card)
                .contains("CC-BY-NC-ND-4.0 (1 files) forbid commercial use (NC) or forbid derivative works (ND)");
        validCff(out.resolve("CITATION.cff"), 3);
    }

    /**
     * The file is YAML with CFF 1.2.0's required keys and well-formed references (python3 with PyYAML; skipped
     * without it).
     */
    static void validCff(Path cff, int references) throws Exception {
        String code = "import sys, yaml\n"
                + "c = yaml.safe_load(open(sys.argv[1]))\n"
                + "for k in ('cff-version', 'message', 'title', 'authors', 'date-released'):\n"
                + "    assert k in c, k\n"
                + "assert c['cff-version'] == '1.2.0' and c['type'] == 'dataset'\n"
                + "for r in c.get('references', []):\n"
                + "    assert r['type'] and r['title'] and r['authors'][0]['name'], r\n"
                + "print(len(c.get('references', [])))\n";
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import yaml")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            assumeTrue(p.waitFor() == 0, "python3 has no yaml module: the CFF's YAML is not parsed");
        } catch (IOException e) {
            assumeTrue(false, "python3 is not on PATH: the CFF's YAML is not parsed");
        }
        p = new ProcessBuilder("python3", "-c", code, cff.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output.strip()).isEqualTo(Integer.toString(references));
    }
}
