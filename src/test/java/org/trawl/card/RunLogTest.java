package org.trawl.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line the card shows: secrets masked, whatever the option or the URL carries them. */
class RunLogTest {
    @TempDir
    Path tmp;

    @Test
    void secretsNeverReachTheRecordedCommandLine() {
        RunLog.Run run = RunLog.of(
                List.of(
                        "iiif",
                        "https://u:pw@example.org/m.json?access_token=abc",
                        "--password",
                        "hunter2",
                        "--api-key=k3y",
                        "--header",
                        "Cookie: sid=zzz",
                        "-H",
                        "X-Token: t0k",
                        "-HX-Other: 0th",
                        "--proxy",
                        "http://pu:ppw@proxy:3128",
                        "-o",
                        "my data"),
                "1.0",
                tmp);
        assertThat(run.command())
                .isEqualTo(
                        "trawl iiif 'https://***@example.org/m.json?access_token=***' --password '***' "
                                + "'--api-key=***' --header '***' -H '***' '-H***' --proxy 'http://***@proxy:3128' -o 'my data'")
                .doesNotContain("hunter2", "k3y", "zzz", "abc", "pw@", "t0k", "0th", "ppw");
    }

    @Test
    void existingFilesAreRecordedAsInputsAndReRunsOfOneCommandAreOneSource() throws Exception {
        Path zip = java.nio.file.Files.createFile(tmp.resolve("a.zip"));
        Path out = tmp.resolve("out");
        RunLog.append(out, RunLog.of(List.of("gbif", "dwca", "a.zip", "-o", "out"), "1", tmp));
        RunLog.append(out, RunLog.of(List.of("urls", "b.csv"), "1", tmp));
        RunLog.append(out, RunLog.of(List.of("gbif", "dwca", "a.zip", "-o", "out"), "2", tmp));
        List<RunLog.Run> runs = RunLog.read(out);
        assertThat(runs)
                .extracting(RunLog.Run::command)
                .containsExactly("trawl urls b.csv", "trawl gbif dwca a.zip -o out");
        assertThat(runs.get(1).inputs()).containsExactly(zip.toString(), out.toString());
        assertThat(runs.get(1).version()).isEqualTo("2");

        // a re-run that only reports differently is the same source, shown as first run
        RunLog.append(out, RunLog.of(List.of("urls", "b.csv", "--json", "-q"), "3", tmp));
        runs = RunLog.read(out);
        assertThat(runs)
                .extracting(RunLog.Run::command)
                .containsExactly("trawl gbif dwca a.zip -o out", "trawl urls b.csv");
        assertThat(runs.get(1).version()).isEqualTo("3");
    }
}
