package org.trawl.it;

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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.DatastoreEmulator;
import org.trawl.testing.TestImages;

/**
 * trawl som get as users run it, configured by the environment only (which an in-process test
 * cannot set): GOOGLE_APPLICATION_CREDENTIALS found by Application Default Credentials, and the
 * emulator variables that turn credentials off. Runs the packaged artifact (jar or native).
 */
class SomEnvironmentIT {
    static final String PROJECT = "trawl-env";
    static final String NAME = "Collection/C1/Entity/P1/x.1.jpg";
    static DatastoreEmulator emulator;
    static WireMockServer gcs;
    static byte[] body;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        emulator = DatastoreEmulator.start(PROJECT);
        gcs = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gcs.start();
        body = TestImages.jpeg(12, 9, 42);
        emulator.upsert(
                emulator.entity(emulator.key("Collection", "C1", "Entity", "P1"), Map.of("uid", "P1")),
                emulator.entity(
                        emulator.key("Collection", "C1", "Entity", "P1", "Image", NAME),
                        Map.of("uid", NAME, "storage_name", NAME)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gcs != null) {
            gcs.stop();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @BeforeEach
    void reset() {
        gcs.resetAll();
    }

    void object(String authorization) throws Exception {
        String path = "/storage/v1/b/bkt/o/" + URLEncoder.encode(NAME, StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("MD5").digest(body));
        var auth = authorization == null ? absent() : matching(authorization);
        gcs.stubFor(get(urlPathEqualTo(path))
                .withQueryParam("alt", absent())
                .withHeader("Authorization", auth)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"kind\":\"storage#object\",\"name\":\"" + NAME
                                + "\",\"bucket\":\"bkt\",\"generation\":\"5\",\"md5Hash\":\"" + md5 + "\",\"size\":\""
                                + body.length + "\"}")));
        gcs.stubFor(get(urlPathEqualTo(path))
                .withQueryParam("alt", equalTo("media"))
                .withHeader("Authorization", auth)
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(body)));
    }

    Process launch(Map<String, String> env, Path log, String... args) throws Exception {
        String launcher = System.getProperty("trawl.launcher", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>();
        if (launcher.endsWith(".jar")) {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-jar");
        }
        cmd.add(Path.of(launcher).toAbsolutePath().toString());
        cmd.addAll(List.of(
                "som",
                "get",
                "--project",
                PROJECT,
                "--suid",
                "P1",
                "--bucket",
                "bkt",
                "--collection",
                "C1",
                "-o",
                tmp.resolve("out").toString(),
                "-q"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        // nothing of the machine's own Google setup: a HOME without gcloud ADC, no metadata server probe
        e.keySet().removeIf(k -> k.startsWith("GOOGLE_") || k.startsWith("CLOUDSDK_") || k.endsWith("_EMULATOR_HOST"));
        e.put("HOME", tmp.toString());
        e.put("NO_GCE_CHECK", "true");
        e.putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
        return p;
    }

    @Test
    void applicationDefaultCredentialsComeFromGoogleApplicationCredentials() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode k = new ObjectMapper().createObjectNode();
        k.put("type", "service_account")
                .put("project_id", PROJECT)
                .put("private_key_id", "k1")
                .put("private_key", pem)
                .put("client_email", "env@trawl-env.iam.gserviceaccount.com")
                .put("client_id", "1")
                .put("token_uri", gcs.baseUrl() + "/token");
        Path key = tmp.resolve("key.json");
        Files.writeString(key, k.toString());
        gcs.stubFor(
                post(urlPathEqualTo("/token"))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"access_token\":\"ya29.env-secret\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
        object("Bearer ya29\\.env-secret");
        Path log = tmp.resolve("log");
        Process p = launch(
                Map.of(
                        "GOOGLE_APPLICATION_CREDENTIALS",
                        key.toString(),
                        "DATASTORE_EMULATOR_HOST",
                        emulator.hostPort()),
                log,
                "--storage-api",
                gcs.baseUrl());
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        assertThat(tmp.resolve("out/C1/" + NAME)).hasBinaryContent(body);
        assertThat(tmp.resolve("out/C1/Collection/C1/Entity/P1/x.1.json")).exists();
        gcs.verify(postRequestedFor(urlPathEqualTo("/token")));
        assertThat(Files.readString(log)).doesNotContain("env-secret");
    }

    @Test
    void emulatorsNeedNoCredentialsAtAll() throws Exception {
        object(null); // the fake refuses any Authorization header
        Path log = tmp.resolve("log");
        Process p = launch(
                Map.of("DATASTORE_EMULATOR_HOST", emulator.hostPort(), "STORAGE_EMULATOR_HOST", gcs.baseUrl()), log);
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        assertThat(tmp.resolve("out/C1/" + NAME)).hasBinaryContent(body);
        gcs.verify(0, postRequestedFor(urlPathMatching(".*")));
        gcs.verify(2, getRequestedFor(urlPathMatching("/storage/v1/.*")).withHeader("Authorization", absent()));
    }

    @Test
    void aMissingCredentialsFileIsOneLineAndBadUsage() throws Exception {
        Path log = tmp.resolve("log");
        Process p = launch(
                Map.of(
                        "GOOGLE_APPLICATION_CREDENTIALS",
                        tmp.resolve("nope.json").toString(),
                        "DATASTORE_EMULATOR_HOST",
                        emulator.hostPort()),
                log,
                "--storage-api",
                gcs.baseUrl());
        assertThat(p.exitValue()).isEqualTo(2);
        String err = Files.readString(log).strip();
        assertThat(err).contains("nope.json").doesNotContain("\tat ");
        assertThat(err.lines()).hasSize(1);
    }
}
