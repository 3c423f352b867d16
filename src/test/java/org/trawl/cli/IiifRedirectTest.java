package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;

/** IIIF documents follow the same redirect policy as the downloads: http(s) only, the scheme named. */
@QuarkusMainTest
class IiifRedirectTest {
    FaultServer server;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        server = FaultServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aManifestRedirectedToFtpFailsNamingTheScheme(QuarkusMainLauncher launcher) {
        server.redirect("/manifest.json", "ftp://127.0.0.1:" + server.port() + "/m.json", 302);

        LaunchResult r = launcher.launch(
                "iiif", server.url("/manifest.json"), tmp.resolve("out").toString(), "--retries", "2");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.getErrorOutput())
                .contains("redirect to a ftp: URL refused")
                .doesNotContain("\tat ");
        assertThat(server.hits("/manifest.json")).as("not retried").isEqualTo(1);
    }

    @Test
    void aUserHeaderGoesWithTheDocumentToItsOriginAndNotWhereARedirectLeads(QuarkusMainLauncher launcher) {
        try (FaultServer other = FaultServer.start()) {
            other.status("/m.json", 404, "gone");
            server.redirect("/manifest.json", other.url("/m.json"), 302);

            LaunchResult r = launcher.launch(
                    "iiif",
                    server.url("/manifest.json"),
                    tmp.resolve("out").toString(),
                    "--retries",
                    "0",
                    "-H",
                    "X-Token: s3cr3t-document-token");

            assertThat(server.requestHeader("/manifest.json", "X-Token"))
                    .as("the list's origin gets it")
                    .containsExactly("s3cr3t-document-token");
            assertThat(other.hits("/m.json")).isEqualTo(1);
            assertThat(other.requestHeader("/m.json", "X-Token"))
                    .as("another origin does not")
                    .isEmpty();
            assertThat(other.requestHeader("/m.json", "User-Agent")).hasSize(1);
            assertThat(r.getErrorOutput() + r.getOutput()).doesNotContain("s3cr3t");
        }
    }
}
