package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.TlsJsonServer;

/**
 * The API clients verify certificates as the download engine does: a self-signed one is refused at once
 * (one connection, not six with backoff) with the way out named, and --insecure lets it through.
 */
@QuarkusMainTest
class ApiTlsTest {
    static final String KEY = "0026011-250827131500795";

    @TempDir
    Path tmp;

    @Test
    void gbifRefusesASelfSignedCertificateOnceAndInsecureAcceptsIt(QuarkusMainLauncher launcher) throws Exception {
        try (TlsJsonServer gbif = TlsJsonServer.start(tmp)
                .answer("{\"key\":\"" + KEY + "\",\"status\":\"SUCCEEDED\"," + "\"size\":10,\"totalRecords\":3}")) {
            long t0 = System.nanoTime();
            LaunchResult strict = launcher.launch("gbif", "status", KEY, "--gbif-api", gbif.url("/v1"));
            double secs = (System.nanoTime() - t0) / 1e9;

            assertThat(strict.exitCode()).isEqualTo(1);
            assertThat(strict.getErrorOutput())
                    .contains("TLS error")
                    .contains("--insecure skips certificate checks")
                    .doesNotContain("retrying")
                    .doesNotContain("\tat ");
            assertThat(gbif.connections())
                    .as("a refused certificate is not retried")
                    .isEqualTo(1);
            assertThat(secs).isLessThan(10);

            LaunchResult insecure = launcher.launch("gbif", "status", KEY, "--gbif-api", gbif.url("/v1"), "--insecure");
            assertThat(insecure.exitCode()).as(insecure.getErrorOutput()).isZero();
            assertThat(insecure.getOutput()).contains("SUCCEEDED");
        }
    }

    @Test
    void m3RefusesASelfSignedCertificateOnceAndInsecureAcceptsIt(QuarkusMainLauncher launcher) throws Exception {
        try (TlsJsonServer m3 = TlsJsonServer.start(tmp).answer("[]")) {
            Path digest = tmp.resolve("d.json");
            LaunchResult strict =
                    launcher.launch("m3", "digest", "Aegina", "--m3-url", m3.url(""), "-o", digest.toString());

            assertThat(strict.exitCode()).isEqualTo(1);
            assertThat(strict.getErrorOutput())
                    .contains("--insecure skips certificate checks")
                    .doesNotContain("\tat ");
            assertThat(m3.connections())
                    .as("a refused certificate is not retried")
                    .isEqualTo(1);

            LaunchResult insecure = launcher.launch(
                    "m3", "digest", "Aegina", "--m3-url", m3.url(""), "-o", digest.toString(), "--insecure");
            assertThat(insecure.exitCode()).as(insecure.getErrorOutput()).isZero();
            assertThat(Files.readString(digest).replaceAll("\\s", "")).isEqualTo("[]");
        }
    }
}
