package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native executable has no Parquet (why: {@link org.trawl.table.ParquetSupport}): each Parquet option stops
 * with one line naming the JVM build and exit 2, before any request or any OUT.
 */
@QuarkusMainIntegrationTest
@EnabledIfSystemProperty(named = "trawl.launcher", matches = ".*trawl-runner")
class ParquetNativeIT {
    @TempDir
    Path tmp;

    @Test
    void everyParquetOptionIsOneLineNamingTheJvmBuild(QuarkusMainLauncher launcher) throws Exception {
        Path csv = Files.writeString(tmp.resolve("l.csv"), "url,label\nhttp://127.0.0.1:9/a.jpg,a\n");
        Path parquet = Files.write(tmp.resolve("l.parquet"), "PAR1".getBytes());
        Path out = tmp.resolve("out");
        for (List<String> args : List.of(
                List.of("urls", parquet.toString(), "-o", out.toString()),
                List.of("urls", csv.toString(), "--tables", "csv,parquet", "-o", out.toString()),
                List.of(
                        "urls",
                        csv.toString(),
                        "--dry-run",
                        "--emit-plan",
                        tmp.resolve("p.parquet").toString()))) {
            LaunchResult r = launcher.launch(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.getErrorOutput())
                    .contains("Parquet is not in the native executable")
                    .contains("packaging/bin/trawl")
                    .doesNotContain("Exception");
            assertThat(out).doesNotExist();
            assertThat(tmp.resolve("p.parquet")).doesNotExist();
        }
    }
}
