package org.trawl.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.ExitCode;
import org.trawl.testing.TestImages;

/**
 * Drives `trawl fathomnet` against a WireMock fake of the FathomNet API built from its contract
 * (POST /api/images/query with GeoImageConstraints → [AImageDTO], GET /api/taxa/query/{provider}/{concept});
 * no recorded FathomNet responses exist, so the DTOs follow fathomnet-py's models.
 */
@QuarkusMainTest
class FathomNetCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    WireMockServer wm;

    @TempDir
    Path tmp;

    String site;
    byte[] a, b, c;

    @BeforeEach
    void start() throws Exception {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        site = "http://127.0.0.1:" + wm.port();
        a = TestImages.jpeg(200, 100, 1);
        b = TestImages.png(120, 80, 2);
        c = TestImages.jpeg(50, 40, 3);
        wm.stubFor(get(urlPathEqualTo("/img/a.jpg"))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(a)));
        wm.stubFor(get(urlPathEqualTo("/img/b.png"))
                .willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(b)));
        wm.stubFor(get(urlPathEqualTo("/img/c.jpg"))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(c)));
        wm.stubFor(
                get(urlPathEqualTo("/api/taxa/query/fathomnet/Sebastes"))
                        .willReturn(
                                okJson(
                                        "[{\"name\":\"Sebastes\",\"rank\":\"genus\"},{\"name\":\"Sebastes diploproa\",\"rank\":\"species\"}]")));
        ArrayNode genus = JSON.createArrayNode()
                .add(image(
                        "11111111-aaaa-4aaa-8aaa-000000000001",
                        "/img/a.jpg",
                        200,
                        100,
                        a,
                        box("b1", "Sebastes", 10, 20, 30, 40),
                        box("b2", "Merluccius productus", 100, 10, 50, 50)));
        ArrayNode species = JSON.createArrayNode()
                .add(image(
                        "11111111-aaaa-4aaa-8aaa-000000000001",
                        "/img/a.jpg",
                        200,
                        100,
                        a,
                        box("b1", "Sebastes", 10, 20, 30, 40)))
                .add(image(
                        "22222222-aaaa-4aaa-8aaa-000000000002",
                        "/img/b.png",
                        120,
                        80,
                        b,
                        box("b3", "Sebastes diploproa", 0, 0, 60, 40)))
                // the API's sha256 does not match what the server sends: the engine must refuse it
                .add(image(
                        "33333333-aaaa-4aaa-8aaa-000000000003",
                        "/img/c.jpg",
                        50,
                        40,
                        a,
                        box("b4", "Sebastes diploproa", 1, 1, 5, 5)));
        wm.stubFor(post(urlPathEqualTo("/api/images/query"))
                .withRequestBody(matchingJsonPath("$.concept", equalTo("Sebastes")))
                .willReturn(okJson(genus.toString())));
        wm.stubFor(post(urlPathEqualTo("/api/images/query"))
                .withRequestBody(matchingJsonPath("$.concept", equalTo("Sebastes diploproa")))
                .willReturn(okJson(species.toString())));
    }

    static com.github.tomakehurst.wiremock.matching.StringValuePattern equalTo(String s) {
        return com.github.tomakehurst.wiremock.client.WireMock.equalTo(s);
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    ObjectNode image(String uuid, String path, int w, int h, byte[] body, ObjectNode... boxes) throws Exception {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", 1);
        o.put("uuid", uuid);
        o.put("url", site + path);
        o.put("width", w);
        o.put("height", h);
        o.put("imagingType", "ROV");
        o.put("depthMeters", 812.5);
        o.put("latitude", 36.7);
        o.put("longitude", -122.05);
        o.put("timestamp", "2019-05-01T10:00:00Z");
        o.put(
                "sha256",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        o.put("valid", true);
        ArrayNode bb = o.putArray("boundingBoxes");
        for (ObjectNode b : boxes) {
            bb.add(b);
        }
        return o;
    }

    static ObjectNode box(String uuid, String concept, int x, int y, int w, int h) {
        ObjectNode o = JSON.createObjectNode();
        o.put("uuid", uuid);
        o.put("concept", concept);
        o.put("x", x);
        o.put("y", y);
        o.put("width", w);
        o.put("height", h);
        o.put("occluded", false);
        o.put("truncated", false);
        return o;
    }

    static String[] args(Object... a) {
        return java.util.stream.Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    @Test
    void countExpandsTaxaAndSendsEveryFilter(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch(args(
                "fathomnet",
                "--concept",
                "Sebastes",
                "--taxa",
                "fathomnet",
                "--min-depth",
                100,
                "--max-depth",
                1000,
                "--min-lat",
                30,
                "--max-lat",
                40,
                "--min-lon",
                -125,
                "--max-lon",
                -120,
                "--start",
                "2019-01-01",
                "--end",
                "2019-12-31",
                "--contributor",
                "x@example.org",
                "--imaging-type",
                "ROV",
                "--count",
                "--json",
                "--fathomnet-api",
                site));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        JsonNode o = JSON.readTree(r.getOutput());
        assertThat(o.get("concepts").get("Sebastes").asInt()).isEqualTo(1);
        assertThat(o.get("concepts").get("Sebastes diploproa").asInt()).isEqualTo(3);
        assertThat(o.get("images").asInt()).isEqualTo(3); // the shared image once
        assertThat(o.get("boxes").asInt()).isEqualTo(3); // the Merluccius box is not asked for
        JsonNode body = JSON.readTree(wm.findAll(postRequestedFor(urlPathEqualTo("/api/images/query")))
                .get(0)
                .getBodyAsString());
        assertThat(body.get("minDepth").asDouble()).isEqualTo(100);
        assertThat(body.get("maxLatitude").asDouble()).isEqualTo(40);
        assertThat(body.get("minLongitude").asDouble()).isEqualTo(-125);
        assertThat(body.get("startTimestamp").asText()).isEqualTo("2019-01-01T00:00:00Z");
        assertThat(body.get("endTimestamp").asText()).isEqualTo("2019-12-31T23:59:59.999Z");
        assertThat(body.get("contributorsEmail").asText()).isEqualTo("x@example.org");
        assertThat(body.get("imagingTypes").get(0).asText()).isEqualTo("ROV");
        assertThat(body.get("limit").asInt()).isEqualTo(100);
        assertThat(body.get("offset").asInt()).isZero();
        assertThat(wm.findAll(
                        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/img/a.jpg"))))
                .isEmpty();
    }

    @Test
    void downloadsVerifiesSha256AndWritesOneBasedVocAndCoco(QuarkusMainLauncher launcher) throws Exception {
        Path out = tmp.resolve("fn");
        LaunchResult r = launcher.launch(args(
                "fathomnet",
                "--concept",
                "Sebastes,Sebastes diploproa",
                "-a",
                "-o",
                out,
                "-f",
                "coco,voc",
                "--fathomnet-api",
                site,
                "-q"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(ExitCode.PARTIAL);
        assertThat(Files.readAllBytes(out.resolve("Sebastes/11111111-aaaa-4aaa-8aaa-000000000001.jpg")))
                .isEqualTo(a);
        assertThat(Files.readAllBytes(out.resolve("Sebastes diploproa/22222222-aaaa-4aaa-8aaa-000000000002.png")))
                .isEqualTo(b);
        assertThat(Files.readString(out.resolve("failures.csv")))
                .contains("sha256 mismatch")
                .contains("/img/c.jpg");
        String voc = Files.readString(out.resolve("voc/Annotations/Sebastes/11111111-aaaa-4aaa-8aaa-000000000001.xml"));
        // FathomNet's VOC is 1-based: (10,20,30,40) -> 11,21,40,60
        assertThat(voc)
                .contains("<name>Sebastes</name>")
                .contains("<xmin>11</xmin>")
                .contains("<ymin>21</ymin>")
                .contains("<xmax>40</xmax>")
                .contains("<ymax>60</ymax>")
                .contains("<name>Merluccius productus</name>")
                .contains("<width>200</width>");
        JsonNode coco = JSON.readTree(out.resolve("coco/all.json").toFile());
        assertThat(coco.get("images")).hasSize(2);
        assertThat(coco.get("annotations")).hasSize(3);
        assertThat(coco.get("categories").get(0).get("name").asText()).isEqualTo("Merluccius productus");
        assertThat(Files.readString(out.resolve("metadata.csv")))
                .contains("depth_m")
                .contains("812.5");
    }

    /**
     * fathomnet-py's queries by filters alone (no concept), its --institutions, and its -c spelling: the
     * body has no concept and the institution codes; the images land outside concept folders with every box.
     */
    @Test
    void filtersAloneInstitutionsAndTheShortConceptOption(QuarkusMainLauncher launcher) throws Exception {
        ArrayNode any = JSON.createArrayNode()
                .add(image(
                        "11111111-aaaa-4aaa-8aaa-000000000001",
                        "/img/a.jpg",
                        200,
                        100,
                        a,
                        box("b1", "Sebastes", 10, 20, 30, 40),
                        box("b2", "Merluccius productus", 100, 10, 50, 50)));
        wm.stubFor(post(urlPathEqualTo("/api/images/query"))
                .withRequestBody(matchingJsonPath("$.ownerInstitutionCodes[0]", equalTo("MBARI")))
                .willReturn(okJson(any.toString())));
        Path out = tmp.resolve("any");

        LaunchResult r = launcher.launch(args(
                "fathomnet",
                "--institutions",
                "MBARI",
                "--min-depth",
                100,
                "-o",
                out,
                "-f",
                "coco",
                "--fathomnet-api",
                site,
                "-q"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(ExitCode.OK);
        JsonNode body = JSON.readTree(wm.findAll(postRequestedFor(urlPathEqualTo("/api/images/query")))
                .get(0)
                .getBodyAsString());
        assertThat(body.has("concept")).as(body.toString()).isFalse();
        assertThat(body.get("ownerInstitutionCodes").toString()).isEqualTo("[\"MBARI\"]");
        assertThat(body.get("minDepth").asDouble()).isEqualTo(100.0);
        assertThat(Files.readAllBytes(out.resolve("11111111-aaaa-4aaa-8aaa-000000000001.jpg")))
                .isEqualTo(a);
        assertThat(JSON.readTree(out.resolve("coco/all.json").toFile()).get("annotations"))
                .hasSize(2);

        LaunchResult shortC =
                launcher.launch(args("fathomnet", "-c", "Sebastes", "--count", "--json", "--fathomnet-api", site));
        assertThat(shortC.exitCode()).as(shortC.getErrorOutput()).isEqualTo(ExitCode.OK);
        assertThat(JSON.readTree(shortC.getOutput()).get("concepts").has("Sebastes"))
                .isTrue();
    }

    @Test
    void badFiltersAreUsageErrors(QuarkusMainLauncher launcher) {
        LaunchResult lat =
                launcher.launch(args("fathomnet", "--concept", "Sebastes", "--min-lat", 95, "--fathomnet-api", site));
        assertThat(lat.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(lat.getErrorOutput()).contains("--min-lat");
        LaunchResult none = launcher.launch(args("fathomnet", "--fathomnet-api", site));
        assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
        LaunchResult date =
                launcher.launch(args("fathomnet", "--concept", "S", "--start", "yesterday", "--fathomnet-api", site));
        assertThat(date.exitCode()).isEqualTo(ExitCode.USAGE);
        LaunchResult taxa = launcher.launch(
                args("fathomnet", "--concept", "Nope", "--taxa", "worms", "--count", "--fathomnet-api", site));
        assertThat(taxa.exitCode()).isEqualTo(ExitCode.USAGE);
    }
}
