package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;

/** What a server says reaches failures.csv, --json and the terminal with its credentials masked. */
@QuarkusMainTest
class MaskedServerTextTest {
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
    void aTokenQuotedInAnErrorBodyIsMasked(QuarkusMainLauncher launcher) throws Exception {
        // an error page served as an image, whose first words quote the request's token back
        server.sequence(
                        "/a.jpg",
                        FaultServer.ok("token=SECRET123 invalid".getBytes(StandardCharsets.US_ASCII), "image/jpeg"))
                .sequence(
                        "/b.jpg",
                        FaultServer.ok(
                                "Bearer ya29.SECRET456 is expired".getBytes(StandardCharsets.US_ASCII), "image/jpeg"));
        Path list = tmp.resolve("l.txt");
        Files.writeString(list, server.url("/a.jpg") + "\n" + server.url("/b.jpg") + "\n");
        Path out = tmp.resolve("out");

        LaunchResult r = launcher.launch("urls", list.toString(), "-o", out.toString(), "--json");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(3);
        String failures = Files.readString(out.resolve("failures.csv"));
        assertThat(failures).contains("token=*** invalid").contains("Bearer *** is");
        for (String seen : new String[] {failures, r.getOutput(), r.getErrorOutput()}) {
            assertThat(seen).doesNotContain("SECRET123").doesNotContain("SECRET456");
        }
    }
}
