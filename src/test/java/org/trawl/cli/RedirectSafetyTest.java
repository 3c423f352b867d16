package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** `trawl urls` follows redirects to http(s) only: other schemes fail at once, with the scheme named. */
@QuarkusMainTest
class RedirectSafetyTest {
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
    void aRedirectToFtpOrFileFailsPermanentlyNamingTheScheme(QuarkusMainLauncher launcher) throws Exception {
        byte[] img = TestImages.jpeg(9, 9, 1);
        // the ftp: location points at this very HTTP server: Vert.x's own handler fetched it as plain HTTP
        server.image("/a.jpg", img, "image/jpeg")
                .redirect("/to-ftp.jpg", "ftp://127.0.0.1:" + server.port() + "/a.jpg", 302)
                .redirect("/to-file.jpg", "file:///etc/passwd", 302)
                .redirect("/fine.jpg", "/a.jpg", 302);
        Path list = tmp.resolve("l.txt");
        Files.writeString(
                list,
                server.url("/to-ftp.jpg") + "\n" + server.url("/to-file.jpg") + "\n" + server.url("/fine.jpg") + "\n");
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch("urls", list.toString(), "-o", out.toString(), "--retries", "3");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(3);
        String failures = Files.readString(out.resolve("failures.csv"));
        assertThat(failures)
                .contains("/to-ftp.jpg")
                .contains("redirect to a ftp: URL refused (only http and https are followed)")
                .contains("/to-file.jpg")
                .contains("redirect to a file: URL refused");
        assertThat(failures.lines()).hasSize(3); // the header and two failures: the same-origin redirect was followed
        assertThat(server.hits("/to-ftp.jpg")).as("permanent: not retried").isEqualTo(1);
        assertThat(server.hits("/to-file.jpg")).isEqualTo(1);
        assertThat(server.hits("/a.jpg"))
                .as("only the http redirect reached the image")
                .isEqualTo(1);
        assertThat(Files.readString(out.resolve("metadata.csv")))
                .contains("/fine.jpg")
                .doesNotContain("/to-ftp.jpg");
    }
}
