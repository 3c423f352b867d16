package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** status and verify read the checkpoint; verify finds damage and a re-run repairs it. */
@QuarkusMainTest
class StatusVerifyTest {
    @TempDir
    Path tmp;

    @Test
    void verifyFindsMissingAndCorruptFilesAndARerunRepairsThem(QuarkusMainLauncher l) throws Exception {
        try (FaultServer server = FaultServer.start()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                server.image("/" + i + ".jpg", TestImages.jpeg(16 + i, 16, i), "image/jpeg");
                sb.append(server.url("/" + i + ".jpg")).append('\n');
            }
            server.status("/missing.jpg", 404, "no");
            sb.append(server.url("/missing.jpg")).append('\n');
            Path list = tmp.resolve("l.txt");
            Files.writeString(list, sb.toString());
            Path out = tmp.resolve("out");
            assertThat(l.launch("urls", list.toString(), "-o", out.toString(), "-q")
                            .exitCode())
                    .isEqualTo(3);

            LaunchResult status = l.launch("status", out.toString(), "--json");
            assertThat(status.getOutput())
                    .contains("\"done\":5")
                    .contains("\"failed\":1")
                    .contains("\"http 404\":1");
            assertThat(l.launch("verify", out.toString()).exitCode()).isZero();

            List<Path> images;
            try (Stream<Path> s = Files.list(out)) {
                images = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
            }
            Files.delete(images.get(0));
            byte[] b = Files.readAllBytes(images.get(1));
            b[b.length / 2] ^= 0x55;
            Files.write(images.get(1), b);

            LaunchResult verify = l.launch("verify", out.toString());
            assertThat(verify.exitCode()).isEqualTo(3);
            assertThat(verify.getOutput())
                    .contains("missing: " + images.get(0).getFileName())
                    .contains("corrupt: sha256 differs from the checkpoint: "
                            + images.get(1).getFileName())
                    .contains("3 files verified, 2 missing or corrupt");

            LaunchResult rerun = l.launch("urls", list.toString(), "-o", out.toString());
            assertThat(rerun.getOutput()).contains("2 fetched").contains("3 skipped");
            assertThat(l.launch("verify", out.toString()).exitCode()).isZero();
            assertThat(Files.exists(images.get(0))).isTrue();
        }
    }
}
