package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trawl.cli.IiifCommandTest.args;
import static org.trawl.cli.IiifCommandTest.folder;
import static org.trawl.cli.IiifCommandTest.lines;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.ExitCode;
import org.trawl.testing.IiifFakeServer;
import org.trawl.testing.IiifFakeServer.Service;

/** Collections nested to any depth, cycles, bad members, bad inputs, resume: `trawl iiif` end to end. */
@QuarkusMainTest
class IiifCollectionsTest {
    IiifFakeServer server;

    @TempDir
    Path tmp;

    Path out;

    @BeforeEach
    void start() {
        server = IiifFakeServer.start();
        server.defaultService(Service.v2(2, 640, 480));
        out = tmp.resolve("out");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void nestedCollectionsAreWalkedOnceEachAndABadMemberDoesNotStopTheOthers(QuarkusMainLauncher launcher)
            throws Exception {
        // top (3.0) -> sub (2.1) -> mirador's real 55-manifest collection (only manifest 19 exists here);
        // sub lists top again (a cycle) and a broken manifest; top also lists a 3.0 manifest
        String m19 = server.fixture("mirador-v2/019.json");
        String m3 = server.fixture("mirador-v3/001.json");
        String mirador = server.fixture("mirador-v2/collection.json");
        server.document("/example.org/broken.json", "{\"@type\": \"sc:Manifest\", ");
        String top = server.document("/example.org/top.json", """
                {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "https://example.org/top.json",
                 "type": "Collection", "label": {"en": ["Top"]},
                 "items": [{"id": "https://example.org/sub.json", "type": "Collection"},
                           {"id": "%s", "type": "Manifest"}]}""".formatted(m3));
        server.document("/example.org/sub.json", """
                {"@context": "http://iiif.io/api/presentation/2/context.json", "@id": "https://example.org/sub.json",
                 "@type": "sc:Collection", "label": "Sub",
                 "collections": [{"@id": "%s", "@type": "sc:Collection"},
                                 {"@id": "https://example.org/top.json", "@type": "sc:Collection"}],
                 "manifests": [{"@id": "https://example.org/broken.json", "@type": "sc:Manifest"},
                               {"@id": "%s", "@type": "sc:Manifest"}]}""".formatted(mirador, m19));

        LaunchResult r = launcher.launch(args("iiif", top, out, "--retries", 0, "--json"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(ExitCode.PARTIAL);
        // the summary tells the same exit code as the process, though every image was fetched
        assertThat(r.getOutput()).contains("\"failed\":0").contains("\"exit_code\":3");
        assertThat(out.resolve(folder(m19)))
                .as(r.getErrorOutput() + r.getOutput())
                .isDirectory();
        assertThat(Files.list(out.resolve(folder(m19)))).hasSize(3);
        assertThat(out.resolve(folder(m3) + "/0000.jpg")).exists();
        // each document fetched once: the cycle back to top and the second mention of manifest 19 are ignored
        assertThat(server.requests())
                .filteredOn(p -> p.equals("/example.org/top.json"))
                .hasSize(1);
        assertThat(server.requests())
                .filteredOn(p -> p.endsWith("/fixtures/19/manifest.json"))
                .hasSize(1);
        // downloaded_images.txt in reading order: the sub-collection's manifests first, then the 3.0 one
        assertThat(lines(out.resolve("downloaded_images.txt")))
                .containsExactly(
                        folder(m19) + "/0000.jpg",
                        folder(m19) + "/0001.jpg",
                        folder(m19) + "/0002.jpg",
                        folder(m3) + "/0000.jpg");
        assertThat(r.getErrorOutput())
                .contains("skipped " + server.url("/example.org/broken.json") + ": invalid JSON")
                .contains("skipped " + server.url("/iiif.io/api/presentation/2.1/example/fixtures/1/manifest.json")
                        + ": http 404")
                .contains("55 IIIF document(s) could not be read"); // 54 missing test manifests + broken.json
        assertThat(r.getErrorOutput()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aBadSingleInputIsOneLineAndExitCode2(QuarkusMainLauncher launcher) throws Exception {
        String broken = server.document("/x/broken.json", "{\"@type\": \"sc:Manifest\", ");
        String range = server.document("/x/range.json", "{\"@id\": \"https://x/r\", \"@type\": \"sc:Range\"}");
        String empty = server.document(
                "/x/empty.json",
                "{\"@id\": \"https://x/e\", \"@type\": \"sc:Manifest\","
                        + " \"sequences\": [{\"@type\": \"sc:Sequence\", \"canvases\": []}]}");
        Path list = tmp.resolve("list.txt");
        Files.writeString(list, broken + "\nnot a url\n");

        for (Object[] c : new Object[][] {
            {broken, "invalid JSON"},
            {range, "unsupported IIIF type Range"},
            {empty, "no images in this Manifest"},
            {server.url("/x/missing.json"), "http 404"},
            {list, "list.txt:2: not an http(s) URL: not a url"},
            {tmp.resolve("nope.txt"), "no such file"}
        }) {
            LaunchResult r = launcher.launch(args("iiif", c[0], out, "--retries", 0));
            assertThat(r.exitCode()).as(c[0] + " " + r.getErrorOutput()).isEqualTo(ExitCode.USAGE);
            assertThat(IiifCommandTest.userErrors(r)).as(c[0].toString()).hasSize(1);
            assertThat(r.getErrorOutput()).contains((String) c[1]);
        }
        LaunchResult w = launcher.launch(args("iiif", broken, out, "-w", "wide"));
        assertThat(w.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(w.getErrorOutput()).contains("-w must be a positive number of pixels");
        assertThat(out).as("nothing written for a bad input").doesNotExist();
    }

    @Test
    void anExistingFolderResumesAndNumberingDoesNotShiftWhenAnImageFails(QuarkusMainLauncher launcher)
            throws Exception {
        String m19 = server.fixture("mirador-v2/019.json");
        String secondImage =
                "/stacks.stanford.edu/image/iiif/fr426cg9537%2FSC1094_s3_b14_f17_Cats_1976_0005/full/full/0/default.jpg";
        server.failFirst(secondImage, 404);
        Path meta = tmp.resolve("meta.csv");
        String dir = folder(m19);

        LaunchResult first = launcher.launch(args("iiif", m19, out, "-m", meta, "--retries", 0));
        assertThat(first.exitCode()).as(first.getErrorOutput()).isEqualTo(ExitCode.PARTIAL);
        // the seed numbered only successes, so a failure renamed every later image; here 0002 stays 0002
        assertThat(out.resolve(dir + "/0000.jpg")).exists();
        assertThat(out.resolve(dir + "/0001.jpg")).doesNotExist();
        assertThat(out.resolve(dir + "/0002.jpg")).exists();
        assertThat(lines(out.resolve("downloaded_images.txt"))).containsExactly(dir + "/0000.jpg", dir + "/0002.jpg");

        // the seed aborted on an existing folder; trawl resumes: only the failed image is asked for again
        int before = server.imageRequests().size();
        LaunchResult again = launcher.launch(args("iiif", m19, out, "-m", meta));
        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        assertThat(server.imageRequests()).hasSize(before + 1);
        assertThat(again.getOutput()).contains("1 fetched").contains("2 skipped");

        LaunchResult third = launcher.launch(args("iiif", m19, out, "-m", meta));
        assertThat(third.exitCode()).isZero();
        assertThat(server.imageRequests()).hasSize(before + 1);
        // rewritten, not appended: no row twice
        assertThat(lines(out.resolve("downloaded_images.txt")))
                .containsExactly(dir + "/0000.jpg", dir + "/0001.jpg", dir + "/0002.jpg");
        assertThat(lines(meta)).hasSize(4);
    }
}
