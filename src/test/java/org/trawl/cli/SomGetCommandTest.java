package org.trawl.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.ExitCode;
import org.trawl.testing.DatastoreEmulator;
import org.trawl.testing.TestImages;
import org.trawl.testing.TinyProxy;

/**
 * trawl som get end to end: the real Datastore emulator seeded with a som-shaped
 * Collection/Entity/Image tree, a Cloud Storage JSON API fake and an OAuth token endpoint fake
 * (WireMock) that checks the service account's signed JWT.
 */
@QuarkusMainTest
class SomGetCommandTest {
    static final String PROJECT = "trawl-test";
    static final String EMAIL = "reader@trawl-test.iam.gserviceaccount.com";
    static final ObjectMapper JSON = new ObjectMapper();
    static DatastoreEmulator emulator;
    static WireMockServer google;
    static KeyPair key;
    static final Map<String, byte[]> bodies = new LinkedHashMap<>();

    @TempDir
    Path tmp;

    Path out;
    Path keyFile;

    @BeforeAll
    static void startServices() throws Exception {
        emulator = DatastoreEmulator.start(PROJECT);
        google = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        google.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
        seed();
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (google != null) {
            google.stop();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    /** som's tree: Collection C -> Entity (key name = uid) -> Image (key name = storage path). */
    static void seed() throws Exception {
        bodies.put("Collection/C1/Entity/P1/a.1.jpg", TestImages.jpeg(16, 12, 1));
        bodies.put("Collection/C1/Entity/P1/a.2.jpg", TestImages.jpeg(18, 12, 2));
        bodies.put("Collection/C1/Entity/P1-rescan/b.png", TestImages.png(10, 10, 3));
        bodies.put("Collection/C2/Entity/P1/c.jpg", TestImages.jpeg(8, 8, 4));
        bodies.put("Collection/C1/Entity/P2/d.jpg", TestImages.jpeg(8, 8, 5));
        bodies.put("Collection/C1/Entity/P3/e.jpg", TestImages.jpeg(9, 9, 6));
        bodies.put("Collection/C2/Entity/P4/f.jpg", TestImages.jpeg(9, 9, 7));
        bodies.put("Collection/C1/Entity/P5/bad.jpg", TestImages.jpeg(9, 9, 8));
        bodies.put("Collection/C1/Entity/P6/s.1.dcm", dicom(1));
        bodies.put("Collection/C1/Entity/P6/s.2.dcm", dicom(2));
        bodies.put("Collection/C1/Entity/P7/cover.jpg", TestImages.jpeg(9, 9, 9));
        bodies.put("Collection/C1/Entity/P7/series.tar.gz", series());
        byte[] whole = series();
        bodies.put("Collection/C1/Entity/P8/cut.tar.gz", java.util.Arrays.copyOf(whole, whole.length / 2));
        emulator.upsert(
                entity("C1", "P1", "P1"),
                entity("C1", "P1-rescan", "P1"),
                entity("C2", "P1", "P1"),
                entity("C1", "P2", "P2"),
                entity("C1", "P3", "P3"),
                entity("C2", "P4", "P4"),
                entity("C1", "P5", "P5"),
                entity("C1", "P6", "P6"),
                entity("C1", "P7", "P7"),
                entity("C1", "P8", "P8"),
                image("C1", "P1", "a.1.jpg", "ST1"),
                image("C1", "P1", "a.2.jpg", "ST1"),
                image("C1", "P1-rescan", "b.png", "ST2"),
                image("C2", "P1", "c.jpg", "ST1"),
                image("C1", "P2", "d.jpg", "ST3"),
                image("C1", "P3", "e.jpg", "ST9"),
                image("C2", "P4", "f.jpg", "ST9"),
                image("C1", "P5", "bad.jpg", "ST5"),
                image("C1", "P6", "s.1.dcm", "ST6"),
                image("C1", "P6", "s.2.dcm", "ST6"),
                image("C1", "P7", "cover.jpg", "ST7"),
                image("C1", "P7", "series.tar.gz", "ST7"),
                image("C1", "P8", "cut.tar.gz", "ST8"));
    }

    /** A compressed image series as som's buckets hold them: a tar of the slices, gzip-compressed. */
    static byte[] series() {
        Map<String, byte[]> slices = new LinkedHashMap<>();
        slices.put("series/0001.jpg", TestImages.jpeg(20, 20, 11));
        slices.put("series/0002.jpg", TestImages.jpeg(20, 20, 12));
        return org.trawl.testing.TestMedia.tarGz(slices);
    }

    static ObjectNode entity(String collection, String name, String uid) {
        return emulator.entity(emulator.key("Collection", collection, "Entity", name), Map.of("uid", uid));
    }

    static ObjectNode image(String collection, String entity, String file, String accession) throws Exception {
        String name = "Collection/" + collection + "/Entity/" + entity + "/" + file;
        byte[] b = bodies.get(name);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("uid", name);
        p.put("url", "https://storage.googleapis.com/bkt/" + name);
        p.put("storage_name", name);
        p.put("storage_bucket", "bkt");
        p.put("storage_md5Hash", md5(b));
        p.put("storage_contentType", "image/jpeg");
        p.put("storage_size", "int:" + b.length);
        p.put("AccessionNumber", accession);
        p.put("created", "2017-05-01T10:00:00");
        p.put("updated", "2017-05-02T10:00:00");
        return emulator.entity(emulator.key("Collection", collection, "Entity", entity, "Image", name), p);
    }

    /** A DICOM Part 10 file: 128-byte preamble, "DICM", then a few explicit-VR little-endian elements. */
    static byte[] dicom(int instance) {
        ByteBuffer b = ByteBuffer.allocate(200).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.position(128);
        b.put("DICM".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) 0x0002)
                .putShort((short) 0x0010)
                .put("UI".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 20)
                .put("1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) 0x0020)
                .putShort((short) 0x0013)
                .put("IS".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 2)
                .put(String.format("%-2d", instance).getBytes(StandardCharsets.US_ASCII));
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    static String md5(byte[] b) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("MD5").digest(b));
    }

    static String crc32c(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return Base64.getEncoder()
                .encodeToString(
                        ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @BeforeEach
    void fakes() throws Exception {
        out = tmp.resolve("out");
        google.resetAll();
        tokenEndpoint(3599);
        for (Map.Entry<String, byte[]> e : bodies.entrySet()) {
            storageObject("bkt", e.getKey(), e.getValue(), e.getKey().endsWith("bad.jpg"));
        }
        keyFile = serviceAccountKey(google.baseUrl() + "/token");
    }

    /** The token endpoint: answers every JWT-bearer grant with a fresh token (tok-1, tok-2, ...). */
    void tokenEndpoint(int expiresIn) {
        for (int i = 1; i <= 20; i++) {
            google.stubFor(post(urlPathEqualTo("/token"))
                    .inScenario("tokens")
                    .whenScenarioStateIs(i == 1 ? Scenario.STARTED : "t" + i)
                    .withHeader("Content-Type", matching("application/x-www-form-urlencoded.*"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"access_token\":\"ya29.secret-tok-" + i + "\",\"expires_in\":" + expiresIn
                                    + ",\"token_type\":\"Bearer\"}"))
                    .willSetStateTo("t" + (i + 1)));
        }
    }

    /** Cloud Storage JSON API: the object resource (generation 17) and its media, both behind a bearer token. */
    void storageObject(String bucket, String name, byte[] body, boolean corrupt) throws Exception {
        String path = "/storage/v1/b/" + bucket + "/o/" + enc(name);
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", "storage#object")
                .put("id", bucket + "/" + name + "/17")
                .put("name", name)
                .put("bucket", bucket)
                .put("generation", "17")
                .put("metageneration", "1")
                .put("contentType", "image/jpeg")
                .put("size", String.valueOf(body.length))
                .put("md5Hash", md5(body))
                .put("crc32c", crc32c(body))
                .put("etag", "CLHo1")
                .put("storageClass", "STANDARD")
                .put(
                        "mediaLink",
                        google.baseUrl() + "/download/storage/v1/b/" + bucket + "/o/" + enc(name)
                                + "?generation=17&alt=media");
        google.stubFor(get(urlPathEqualTo(path))
                .withQueryParam("alt", absent())
                .withHeader("Authorization", matching("Bearer ya29\\.secret-tok-\\d+"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(o.toString())));
        byte[] served = body.clone();
        if (corrupt) {
            served[served.length - 3] ^= 0x55; // same length, same magic bytes, wrong content
        }
        google.stubFor(get(urlPathEqualTo(path))
                .withQueryParam("alt", equalTo("media"))
                .withQueryParam("generation", equalTo("17"))
                .withHeader("Authorization", matching("Bearer ya29\\.secret-tok-\\d+"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", name.endsWith(".dcm") ? "application/dicom" : "image/jpeg")
                        .withBody(served)));
    }

    Path serviceAccountKey(String tokenUri) throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode k = JSON.createObjectNode();
        k.put("type", "service_account")
                .put("project_id", PROJECT)
                .put("private_key_id", "kid-1")
                .put("private_key", pem)
                .put("client_email", EMAIL)
                .put("client_id", "1234567890")
                .put("token_uri", tokenUri);
        Path p = tmp.resolve("key.json");
        Files.writeString(p, k.toString());
        return p;
    }

    String[] args(Object... extra) {
        List<String> a = new ArrayList<>(List.of(
                "som",
                "get",
                "--project",
                PROJECT,
                "--bucket",
                "bkt",
                "--datastore-api",
                emulator.url(),
                "--storage-api",
                google.baseUrl(),
                "--credentials",
                keyFile.toString(),
                "-o",
                out.toString(),
                "-q"));
        Stream.of(extra).map(String::valueOf).forEach(a::add);
        return a.toArray(String[]::new);
    }

    static Path file(Path out, String collection, String name) {
        return out.resolve(collection).resolve(name);
    }

    @Test
    void getsTheImagesOfEveryMatchingEntityWithSidecarsAndChecksums(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch(args("--suid", "P1", "--collection", "C1", "--page-size", "1"));
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        Path a1 = file(out, "C1", "Collection/C1/Entity/P1/a.1.jpg");
        Path a2 = file(out, "C1", "Collection/C1/Entity/P1/a.2.jpg");
        Path b = file(out, "C1", "Collection/C1/Entity/P1-rescan/b.png");
        assertThat(Files.readAllBytes(a1)).isEqualTo(bodies.get("Collection/C1/Entity/P1/a.1.jpg"));
        assertThat(Files.readAllBytes(a2)).isEqualTo(bodies.get("Collection/C1/Entity/P1/a.2.jpg"));
        // som kept only the last entity's images; both entities with uid P1 count
        assertThat(Files.readAllBytes(b)).isEqualTo(bodies.get("Collection/C1/Entity/P1-rescan/b.png"));
        // the same uid in another collection is not part of this one
        assertThat(out.resolve("C1/Collection/C2")).doesNotExist();
        assertThat(out.resolve("C2")).doesNotExist();
        assertThat(out.resolve("C1/Collection/C1/Entity/P2")).doesNotExist();

        // one sidecar per file: a.1.dcm and a.2.dcm no longer share a.json
        JsonNode s1 = JSON.readTree(a1.resolveSibling("a.1.json").toFile());
        JsonNode s2 = JSON.readTree(a2.resolveSibling("a.2.json").toFile());
        assertThat(a1.resolveSibling("a.json")).doesNotExist();
        assertThat(s1.path("uid").asText()).isEqualTo("Collection/C1/Entity/P1/a.1.jpg");
        assertThat(s2.path("uid").asText()).isEqualTo("Collection/C1/Entity/P1/a.2.jpg");
        assertThat(s1.path("storage_size").isNumber()).isTrue();
        assertThat(s1.has("created")).isFalse();
        assertThat(s1.has("updated")).isFalse();
        assertThat(s1.path("url").asText())
                .isEqualTo("https://storage.googleapis.com/bkt/Collection/C1/Entity/P1/a.1.jpg");
        assertThat(b.resolveSibling("b.json")).exists();

        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"));
        assertThat(meta).hasSize(4);
        assertThat(meta.get(0))
                .contains("AccessionNumber")
                .contains("storage_md5Hash")
                .doesNotContain("created");
        assertThat(meta)
                .anyMatch(l -> l.startsWith("C1/Collection/C1/Entity/P1-rescan/b.png,") && l.contains(",P1-rescan,"));

        // downloads were pinned to the generation whose md5 was checked, with the token
        google.verify(
                3,
                getRequestedFor(urlPathMatching("/storage/v1/b/bkt/o/.*"))
                        .withQueryParam("alt", equalTo("media"))
                        .withHeader("Authorization", matching("Bearer ya29\\.secret-tok-\\d+")));
        // read-only: Datastore saw queries only (the emulator would have logged a commit otherwise)
        assertNoSecretsIn(r);

        // the service-account JWT: signed by the key, with the claims Google's token endpoint checks
        List<LoggedRequest> grants = google.findAll(postRequestedFor(urlPathEqualTo("/token")));
        assertThat(grants).isNotEmpty();
        Map<String, String> form = form(grants.get(0).getBodyAsString());
        assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        String[] jwt = form.get("assertion").split("\\.");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("kid").asText()).isEqualTo("kid-1");
        assertThat(claims.path("iss").asText()).isEqualTo(EMAIL);
        // google-auth-library keeps Google's token audience even when token_uri points elsewhere
        assertThat(claims.path("aud").asText()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(claims.path("scope").asText().split(" "))
                .contains(
                        "https://www.googleapis.com/auth/datastore",
                        "https://www.googleapis.com/auth/devstorage.read_only");
        long iat = claims.path("iat").asLong(), exp = claims.path("exp").asLong();
        assertThat(exp - iat).isPositive().isLessThanOrEqualTo(3600);
        assertThat(Math.abs(iat - System.currentTimeMillis() / 1000)).isLessThan(300);
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initVerify(key.getPublic());
        sig.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(sig.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();

        // a second run skips everything: no media request at all
        google.resetRequests();
        LaunchResult again = launcher.launch(args("--suid", "P1", "--collection", "C1"));
        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        google.verify(
                0, getRequestedFor(urlPathMatching("/storage/v1/b/bkt/o/.*")).withQueryParam("alt", equalTo("media")));
        assertThat(Files.readAllLines(out.resolve("metadata.csv"))).hasSize(4);
    }

    @Test
    void queryImagesFindsAStudyByAccessionNumberInTheCollectionOnly(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch(args("--suid", "ST9", "--collection", "C1", "--query-images"));
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(file(out, "C1", "Collection/C1/Entity/P3/e.jpg")).exists();
        assertThat(file(out, "C1", "Collection/C1/Entity/P3/e.json")).exists();
        assertThat(out.resolve("C1/Collection/C2")).doesNotExist(); // f.jpg has ST9 too, in C2
        assertThat(Files.readAllLines(out.resolve("metadata.csv"))).hasSize(2);
    }

    @Test
    void theTokenStaysWithCloudStorageWhenADownloadIsRedirectedElsewhere(QuarkusMainLauncher launcher)
            throws Exception {
        String name = "Collection/C2/Entity/P4/f.jpg";
        try (org.trawl.testing.FaultServer elsewhere =
                org.trawl.testing.FaultServer.start(java.net.InetAddress.getByName("127.0.0.2"))) {
            elsewhere.image("/cdn/f.jpg", bodies.get(name), "image/jpeg");
            google.stubFor(get(urlPathEqualTo("/storage/v1/b/bkt/o/" + enc(name)))
                    .withQueryParam("alt", equalTo("media"))
                    .atPriority(1)
                    .willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere.url("/cdn/f.jpg"))));

            LaunchResult r = launcher.launch(args("--suid", "P4", "--collection", "C2"));

            assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
            assertThat(Files.readAllBytes(file(out, "C2", name))).isEqualTo(bodies.get(name));
            google.verify(
                    1,
                    getRequestedFor(urlPathEqualTo("/storage/v1/b/bkt/o/" + enc(name)))
                            .withQueryParam("alt", equalTo("media"))
                            .withHeader("Authorization", matching("Bearer ya29\\.secret-tok-\\d+")));
            assertThat(elsewhere.hits("/cdn/f.jpg")).isEqualTo(1);
            assertThat(elsewhere.requestHeader("/cdn/f.jpg", "Authorization"))
                    .as("no token for another host")
                    .isEmpty();
        }
    }

    @Test
    void insecureAlsoCoversTheTokenEndpoint(QuarkusMainLauncher launcher) throws Exception {
        WireMockServer tokens = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort());
        tokens.start();
        try {
            tokens.stubFor(
                    post(urlPathEqualTo("/token"))
                            .willReturn(
                                    aResponse()
                                            .withHeader("Content-Type", "application/json")
                                            .withBody(
                                                    "{\"access_token\":\"ya29.secret-tok-1\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
            keyFile = serviceAccountKey(
                    "https://127.0.0.1:" + tokens.httpsPort() + "/token"); // a self-signed certificate

            LaunchResult strict = launcher.launch(args("--suid", "P4", "--collection", "C2"));
            assertThat(strict.exitCode()).isEqualTo(1);
            assertThat(strict.getErrorOutput())
                    .contains("cannot get a Google access token")
                    .doesNotContain("\tat ");

            LaunchResult insecure = launcher.launch(args("--suid", "P4", "--collection", "C2", "--insecure"));
            assertThat(insecure.exitCode()).as(insecure.getErrorOutput()).isZero();
            String name = "Collection/C2/Entity/P4/f.jpg";
            assertThat(Files.readAllBytes(file(out, "C2", name))).isEqualTo(bodies.get(name));
        } finally {
            tokens.stop();
        }
    }

    @Test
    void theTokenEndpointDatastoreAndCloudStorageGoThroughTheProxy(QuarkusMainLauncher launcher) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TinyProxy.installed(), "tinyproxy is not installed");
        try (TinyProxy proxy = TinyProxy.start(tmp.resolve("proxy"), "trawler", "Pr0xy-s3cret")) {
            LaunchResult r = launcher.launch(
                    args("--suid", "P4", "--collection", "C2", "--proxy", proxy.url("trawler", "Pr0xy-s3cret")));

            assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
            String name = "Collection/C2/Entity/P4/f.jpg";
            assertThat(Files.readAllBytes(file(out, "C2", name))).isEqualTo(bodies.get(name));
            assertThat(proxy.requests())
                    .anyMatch(l -> l.equals("POST " + google.baseUrl() + "/token"))
                    .anyMatch(l -> l.contains(emulator.url()))
                    .anyMatch(l -> l.startsWith("GET " + google.baseUrl() + "/") && l.contains("bkt"));
            assertThat(r.getOutput() + r.getErrorOutput()).doesNotContain("Pr0xy-s3cret");
        }
    }

    @Test
    void dicomFilesKeepTheirExtensionAndEachItsOwnSidecar(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch(args("--suid", "P6", "--collection", "C1"));
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        Path s1 = file(out, "C1", "Collection/C1/Entity/P6/s.1.dcm");
        Path s2 = file(out, "C1", "Collection/C1/Entity/P6/s.2.dcm");
        assertThat(Files.readAllBytes(s1)).isEqualTo(bodies.get("Collection/C1/Entity/P6/s.1.dcm"));
        assertThat(Files.readAllBytes(s2)).isEqualTo(bodies.get("Collection/C1/Entity/P6/s.2.dcm"));
        // som wrote both to s.json, the second overwriting the first
        assertThat(JSON.readTree(s1.resolveSibling("s.1.json").toFile())
                        .path("uid")
                        .asText())
                .endsWith("s.1.dcm");
        assertThat(JSON.readTree(s2.resolveSibling("s.2.json").toFile())
                        .path("uid")
                        .asText())
                .endsWith("s.2.dcm");
        assertThat(s1.resolveSibling("s.json")).doesNotExist();
        assertThat(Files.readString(out.resolve("metadata.csv"))).contains("application/dicom");
    }

    @Test
    void compressedSeriesAreLeftOutUnlessAskedFor(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch(args("--suid", "P7", "--collection", "C1"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        Path entity = file(out, "C1", "Collection/C1/Entity/P7");
        assertThat(entity.resolve("cover.jpg")).exists();
        assertThat(entity.resolve("series.tar.gz")).doesNotExist();
        assertThat(Files.readAllLines(out.resolve("metadata.csv"))).hasSize(2);
    }

    @Test
    void seriesArchivesAreKeptAsServedOnceTheirTarIsWhole(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch(args("--suid", "P7", "--collection", "C1", "--series-archives"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        Path series = file(out, "C1", "Collection/C1/Entity/P7/series.tar.gz");
        assertThat(Files.readAllBytes(series)).isEqualTo(bodies.get("Collection/C1/Entity/P7/series.tar.gz"));
        assertThat(series.resolveSibling("series.json")).exists();
        assertThat(Files.readString(out.resolve("metadata.csv"))).contains("application/gzip");

        Path cutOut = tmp.resolve("cut");
        out = cutOut;
        LaunchResult cut =
                launcher.launch(args("--suid", "P8", "--collection", "C1", "--series-archives", "--retries", "0"));

        assertThat(cut.exitCode()).isEqualTo(ExitCode.PARTIAL);
        assertThat(Files.readString(cutOut.resolve("failures.csv"))).contains("tar.gz cut short");
        assertThat(file(cutOut, "C1", "Collection/C1/Entity/P8/cut.tar.gz")).doesNotExist();
    }

    @Test
    void aBusyStorageApiIsRetriedWithRetryAfter(QuarkusMainLauncher launcher) throws Exception {
        String path = "/storage/v1/b/bkt/o/" + enc("Collection/C1/Entity/P3/e.jpg");
        google.stubFor(get(urlPathEqualTo(path))
                .withQueryParam("alt", absent())
                .atPriority(1)
                .inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("ok")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
        LaunchResult r = launcher.launch(args("--suid", "P3", "--collection", "C1"));
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(file(out, "C1", "Collection/C1/Entity/P3/e.jpg")).exists();
        google.verify(2, getRequestedFor(urlPathEqualTo(path)).withQueryParam("alt", absent()));
        List<LoggedRequest> tries =
                google.findAll(getRequestedFor(urlPathEqualTo(path)).withQueryParam("alt", absent()));
        assertThat(tries.get(1).getLoggedDate().getTime()
                        - tries.get(0).getLoggedDate().getTime())
                .isGreaterThanOrEqualTo(900);
    }

    @Test
    void dryRunPlansWithoutDownloading(QuarkusMainLauncher launcher) {
        List<String> a = new ArrayList<>(List.of(args("--suid", "P1", "--collection", "C1", "--dry-run", "--json")));
        a.remove("-q");
        LaunchResult r = launcher.launch(a.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getOutput()).contains("\"items\":3").contains("\"P1-rescan\":1");
        google.verify(0, getRequestedFor(urlPathMatching("/storage/v1/.*")).withQueryParam("alt", equalTo("media")));
    }

    @Test
    void dryRunEstimatesTheBytesFromTheObjectSizes(QuarkusMainLauncher launcher) throws Exception {
        long stated = Stream.of(
                        "Collection/C1/Entity/P1/a.1.jpg",
                        "Collection/C1/Entity/P1/a.2.jpg",
                        "Collection/C1/Entity/P1-rescan/b.png")
                .mapToLong(n -> bodies.get(n).length)
                .sum();
        List<String> a = new ArrayList<>(List.of(args("--suid", "P1", "--collection", "C1", "--dry-run", "--json")));
        a.remove("-q");
        LaunchResult r = launcher.launch(a.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        JsonNode plan = JSON.readTree(r.getOutput());
        assertThat(plan.get("bytes_estimate").asLong()).isEqualTo(stated);
        assertThat(plan.get("bytes_known_items").asLong()).isEqualTo(3);

        // an object whose size is not a plain count is left out of the sum, and the text says of how many
        ObjectNode odd = JSON.createObjectNode()
                .put("name", "Collection/C1/Entity/P1/a.2.jpg")
                .put("bucket", "bkt")
                .put("generation", "17")
                .put("size", "-5")
                .put("md5Hash", md5(bodies.get("Collection/C1/Entity/P1/a.2.jpg")));
        google.stubFor(get(urlPathEqualTo("/storage/v1/b/bkt/o/" + enc("Collection/C1/Entity/P1/a.2.jpg")))
                .withQueryParam("alt", absent())
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(odd.toString())));
        a.remove("--json");
        LaunchResult text = launcher.launch(a.toArray(String[]::new));
        assertThat(text.exitCode()).as(text.getErrorOutput()).isZero();
        long withoutA2 = stated - bodies.get("Collection/C1/Entity/P1/a.2.jpg").length;
        assertThat(text.getOutput())
                .contains("size: about " + org.trawl.progress.ProgressDisplay.human(withoutA2) + " for 2 of 3 items");
    }

    @Test
    void anObjectThatFailsItsMd5IsNotKept(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch(args("--suid", "P5", "--collection", "C1", "--retries", "1"));
        assertThat(r.exitCode()).isEqualTo(ExitCode.PARTIAL);
        assertThat(Files.readString(out.resolve("failures.csv"))).contains("md5 mismatch");
        Path dir = out.resolve("C1/Collection/C1/Entity/P5");
        try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            assertThat(files).isEmpty(); // neither the body nor its sidecar
        }
        assertNoSecretsIn(r);
    }

    @Test
    void aTokenAboutToExpireIsRefreshedBeforeUse(QuarkusMainLauncher launcher) throws Exception {
        google.resetAll();
        tokenEndpoint(60); // inside the library's refresh margin: every use asks for a new one
        for (Map.Entry<String, byte[]> e : bodies.entrySet()) {
            storageObject("bkt", e.getKey(), e.getValue(), false);
        }
        LaunchResult r = launcher.launch(args("--suid", "P1", "--collection", "C1", "-j", "1"));
        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(google.findAll(postRequestedFor(urlPathEqualTo("/token"))).size())
                .isGreaterThan(1);
        List<String> used = google
                .findAll(getRequestedFor(urlPathMatching("/storage/v1/b/bkt/o/.*"))
                        .withQueryParam("alt", equalTo("media")))
                .stream()
                .map(q -> q.getHeader("Authorization"))
                .distinct()
                .toList();
        assertThat(used).doesNotContain("Bearer ya29.secret-tok-1");
        assertNoSecretsIn(r);
    }

    @Test
    void storageForbiddenNamesTheMissingPermission(QuarkusMainLauncher launcher) {
        google.stubFor(get(urlPathMatching("/storage/v1/b/locked/o/.*"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":403,\"message\":\"" + EMAIL
                                + " does not have storage.objects.get access\","
                                + "\"errors\":[{\"reason\":\"forbidden\"}]}}")));
        List<String> a = new ArrayList<>(List.of(args("--suid", "P1", "--collection", "C1")));
        a.set(a.indexOf("bkt"), "locked");
        LaunchResult r = launcher.launch(a.toArray(String[]::new));
        assertThat(r.exitCode()).isEqualTo(ExitCode.FATAL);
        assertThat(r.getErrorOutput())
                .contains("storage.objects.get")
                .contains(EMAIL)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(r.getErrorOutput().strip().lines()).hasSize(1);
    }

    @Test
    void datastoreForbiddenNamesTheMissingPermission(QuarkusMainLauncher launcher) throws Exception {
        google.stubFor(
                post(urlPathMatching("/v1/projects/.*"))
                        .willReturn(
                                aResponse()
                                        .withStatus(403)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":{\"code\":403,\"message\":\"Missing or insufficient permissions.\",\"status\":\"PERMISSION_DENIED\"}}")));
        List<String> a = new ArrayList<>(List.of(args("--suid", "P1", "--collection", "C1")));
        a.set(a.indexOf(emulator.url()), google.baseUrl());
        LaunchResult r = launcher.launch(a.toArray(String[]::new));
        assertThat(r.exitCode()).isEqualTo(ExitCode.FATAL);
        assertThat(r.getErrorOutput())
                .contains("datastore.entities.list")
                .contains(EMAIL)
                .doesNotContain("\tat ");
        assertThat(r.getErrorOutput().strip().lines()).hasSize(1);
        // the bearer token went to Datastore, not into the message
        google.verify(postRequestedFor(urlPathEqualTo("/v1/projects/" + PROJECT + ":runQuery"))
                .withHeader("Authorization", matching("Bearer ya29\\.secret-tok-\\d+")));
        assertNoSecretsIn(r);
    }

    @Test
    void aQueryTheServiceRejectsIsBadUsage(QuarkusMainLauncher launcher) {
        google.stubFor(
                post(urlPathMatching("/v1/projects/.*"))
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":{\"code\":400,\"message\":\"The project id is malformed.\",\"status\":\"INVALID_ARGUMENT\"}}")));
        List<String> a = new ArrayList<>(List.of(args("--suid", "P1", "--collection", "C1")));
        a.set(a.indexOf(emulator.url()), google.baseUrl());
        LaunchResult r = launcher.launch(a.toArray(String[]::new));
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.getErrorOutput()).contains("The project id is malformed.").doesNotContain("\tat ");
        assertThat(r.getErrorOutput().strip().lines()).hasSize(1);
    }

    @Test
    void aRejectedKeyIsOneLine(QuarkusMainLauncher launcher) {
        google.resetAll();
        google.stubFor(post(urlPathEqualTo("/token"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")));
        LaunchResult r = launcher.launch(args("--suid", "P1", "--collection", "C1"));
        assertThat(r.exitCode()).isEqualTo(ExitCode.FATAL);
        assertThat(r.getErrorOutput())
                .contains("cannot get a Google access token for " + EMAIL)
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingKeyFileIsBadUsage(QuarkusMainLauncher launcher) throws Exception {
        Files.delete(keyFile);
        LaunchResult r = launcher.launch(args("--suid", "P1", "--collection", "C1"));
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.getErrorOutput()).contains("credentials file not found");
    }

    @Test
    void missingRequiredOptionsAreBadUsage(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("som", "get", "--project", PROJECT, "--bucket", "bkt", "--suid", "P1");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.getErrorOutput()).contains("--collection");
    }

    /** No token in anything the user sees or anything left on disk. */
    void assertNoSecretsIn(LaunchResult r) throws Exception {
        assertThat(r.getOutput()).doesNotContain("secret-tok");
        assertThat(r.getErrorOutput()).doesNotContain("secret-tok");
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                            .as(f.toString())
                            .doesNotContain("secret-tok");
                }
            }
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : body.split("&")) {
            int eq = kv.indexOf('=');
            m.put(
                    URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }
}
