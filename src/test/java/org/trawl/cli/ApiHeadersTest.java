package org.trawl.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.TestImages;

/** An API source sends the user's -H headers to its service's REST API and to the media it names. */
@QuarkusMainTest
class ApiHeadersTest {
    WireMockServer wm;

    @TempDir
    Path tmp;

    String site;

    @BeforeEach
    void start() throws Exception {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        site = "http://127.0.0.1:" + wm.port();
        byte[] a = TestImages.jpeg(40, 30, 1);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(a));
        wm.stubFor(get(urlPathEqualTo("/img/a.jpg"))
                .willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(a)));
        wm.stubFor(post(urlPathEqualTo("/api/images/query"))
                .willReturn(okJson("[{\"id\":1,\"uuid\":\"11111111-aaaa-4aaa-8aaa-000000000001\",\"url\":\"" + site
                        + "/img/a.jpg\",\"width\":40,\"height\":30,\"sha256\":\"" + sha + "\",\"valid\":true,"
                        + "\"boundingBoxes\":[{\"uuid\":\"b1\",\"concept\":\"Sebastes\",\"x\":1,\"y\":1,"
                        + "\"width\":5,\"height\":5}]}]")));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void theServiceAndItsMediaGetTheHeader(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch(
                "fathomnet",
                "-c",
                "Sebastes",
                "-o",
                tmp.resolve("out").toString(),
                "--fathomnet-api",
                site,
                "-H",
                "X-Api-Token: t0k3n",
                "-q");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        List<LoggedRequest> api = wm.findAll(postRequestedFor(urlPathEqualTo("/api/images/query")));
        assertThat(api)
                .isNotEmpty()
                .allSatisfy(q -> assertThat(q.getHeader("X-Api-Token")).isEqualTo("t0k3n"));
        List<LoggedRequest> media = wm.findAll(getRequestedFor(urlPathEqualTo("/img/a.jpg")));
        assertThat(media)
                .hasSize(1)
                .allSatisfy(q -> assertThat(q.getHeader("X-Api-Token")).isEqualTo("t0k3n"));

        LaunchResult plain = launcher.launch(
                "fathomnet", "-c", "Sebastes", "-o", tmp.resolve("out2").toString(), "--fathomnet-api", site, "-q");
        assertThat(plain.exitCode()).isZero();
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/api/images/query")))
                        .get(api.size())
                        .getHeader("X-Api-Token"))
                .as("the next command starts without it")
                .isNull();
    }
}
