package org.trawl.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.trawl.core.MediaItem;
import org.trawl.plan.PathSanitizer;
import org.trawl.plan.PlanOptions;
import org.trawl.plan.PlannedItem;
import org.trawl.plan.Planner;

/** Names a list or a service could send to escape OUT, and the check that a planned item did not. */
public final class HostileNames {
    /** Parent steps, absolute paths (Unix and Windows), a NUL, and both mixed. */
    public static final List<String> NAMES = List.of(
            "..",
            "../../escaped",
            "/etc/passwd",
            "/abs/x.jpg",
            "C:\\Windows\\x",
            "\\\\server\\share\\x",
            "a\u0000b.jpg",
            "\u0000",
            "../\u0000/../x");

    private HostileNames() {}

    /** Plans item as a run would and checks its file stays in OUT, one name per segment, no NUL, no "..". */
    public static PlannedItem assertStaysInside(MediaItem item) {
        PlannedItem p = new Planner(PlanOptions.defaults()).place(item);
        Path out = Path.of("/tmp/trawl-out");
        Path file = PathSanitizer.inside(out, p.key() + ".jpg");
        assertThat(file.startsWith(out)).as(p.key()).isTrue();
        assertThat(p.key())
                .as(p.key())
                .doesNotContain("\u0000")
                .doesNotStartWith("/")
                .doesNotContain("\\");
        for (String seg : p.key().split("/")) {
            assertThat(seg)
                    .as(p.key())
                    .isNotEmpty()
                    .isNotEqualTo("..")
                    .isNotEqualTo(".")
                    .doesNotStartWith(".");
        }
        return p;
    }
}
