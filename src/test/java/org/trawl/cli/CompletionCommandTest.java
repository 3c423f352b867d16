package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.trawl.cli.docs.CompletionScripts;
import org.trawl.cli.docs.GenerateDocs;
import org.trawl.core.ExitCode;

/** `trawl completion SHELL` prints the same scripts the build put in completion/. */
@QuarkusMainTest
class CompletionCommandTest {

    @Test
    void printsTheScriptGeneratedAtBuildTime(QuarkusMainLauncher launcher) throws Exception {
        for (String shell : CompletionScripts.SHELLS) {
            LaunchResult r = launcher.launch("completion", shell);
            assertThat(r.exitCode()).isZero();
            String expected =
                    CompletionScripts.script(shell, GenerateDocs.model()).stripTrailing();
            assertThat(r.getOutput().stripTrailing()).isEqualTo(expected);
        }
        String committed = Files.readString(Path.of("completion/trawl.bash"));
        assertThat(committed.stripTrailing())
                .isEqualTo(CompletionScripts.bash(GenerateDocs.model()).stripTrailing());
    }

    @Test
    void unknownShellIsOneLineAndExitTwo(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("completion", "tcsh");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.getErrorOutput().strip()).doesNotContain("Exception").contains("tcsh");
    }
}
