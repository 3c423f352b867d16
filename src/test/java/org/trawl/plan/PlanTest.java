package org.trawl.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trawl.core.Shard;

class PlanTest {
    @Test
    void sanitisedSegmentsStayOneSegment() {
        assertThat(PathSanitizer.segment("../../etc")).isEqualTo("_.._.._etc");
        assertThat(PathSanitizer.segment("..")).isEqualTo("_");
        assertThat(PathSanitizer.segment(".trawl")).isEqualTo("_.trawl");
        assertThat(PathSanitizer.segment("a/b\\c:d")).isEqualTo("a_b_c_d");
        assertThat(PathSanitizer.segment("CON")).isEqualTo("_CON");
        assertThat(PathSanitizer.segment("Quercus robur L.")).isEqualTo("Quercus robur L");
        assertThat(PathSanitizer.segment("tab\there\u0000")).isEqualTo("tab_here_");
        assertThat(PathSanitizer.segment("")).isEqualTo("_");
        assertThat(PathSanitizer.segment("x".repeat(500))).hasSize(PathSanitizer.MAX_CHARS);
        assertThat(PathSanitizer.segment("com1.txt")).isEqualTo("_com1.txt");
        assertThat(PathSanitizer.segment("aux.tar.gz")).isEqualTo("_aux.tar.gz");
        assertThat(PathSanitizer.segment("console")).isEqualTo("console");
        assertThat(PathSanitizer.segment(" nul. ")).isEqualTo("_nul");
        String clean = "Quercus robur";
        assertThat(PathSanitizer.segment(clean)).isSameAs(clean); // nothing to change: no copy
    }

    /** The sanitiser as first written (a copy per character, a lookup per character), kept as the reference. */
    private static String referenceSegment(String raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || "/\\:*?\"<>|".indexOf(c) >= 0 ? '_' : c);
            if (sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PathSanitizer.MAX_BYTES
                    || sb.length() > PathSanitizer.MAX_CHARS) {
                sb.setLength(sb.length() - 1); // cut by UTF-8 bytes, never inside a character
                break;
            }
        }
        String s = sb.toString().strip();
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            return "_";
        }
        if (s.startsWith(".")) {
            s = "_" + s;
        }
        String stem = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
        return java.util.Set.of("CON", "PRN", "AUX", "NUL", "COM1", "LPT9")
                                .contains(stem.toUpperCase(java.util.Locale.ROOT))
                        || stem.toUpperCase(java.util.Locale.ROOT).matches("(COM|LPT)[1-9]")
                ? "_" + s
                : s;
    }

    @Test
    void sanitiserAgreesWithItsReferenceOnRandomNames() {
        java.util.Random rnd = new java.util.Random(42);
        String alphabet = "aZ9 ._-/\\:*?\"<>|\u0000\u001f\u007f\u00e9\u2603CONULPTcom1";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int len = rnd.nextInt(rnd.nextInt(10) == 0 ? 200 : 9); len > 0; len--) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String raw = sb.toString();
            assertThat(PathSanitizer.segment(raw)).as("'%s'", raw).isEqualTo(referenceSegment(raw));
        }
    }

    @Test
    void splitWeightsAreNormalisedAndProportionsHold() {
        SplitSpec s = SplitSpec.parse("train=0.7,val=0.2,test=0.1"); // gbif-dl rejects this sum
        Map<String, Integer> n = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            n.merge(s.assign(1, "url:" + i), 1, Integer::sum);
        }
        assertThat(n.get("train")).isBetween(13_700, 14_300);
        assertThat(n.get("val")).isBetween(3_700, 4_300);
        assertThat(n.get("test")).isBetween(1_800, 2_200);
        assertThat(SplitSpec.parse("a=7,b=3").assign(5, "x"))
                .isEqualTo(SplitSpec.parse("a=0.7,b=0.3").assign(5, "x"));
    }

    @Test
    void shardsPartitionKeysAndReadClusterVariables() {
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            int owners = 0;
            for (int s = 0; s < 4; s++) {
                if (new Shard(s, 4).owns("k" + i)) {
                    owners++;
                    counts[s]++;
                }
            }
            assertThat(owners).isEqualTo(1);
        }
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allMatch(c -> c > 800);
        assertThat(Shard.fromEnvironment(
                        Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_COUNT", "4")))
                .isEqualTo(new Shard(2, 4));
        assertThat(Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "0", "TRAWL_SHARD_COUNT", "2")))
                .isEqualTo(new Shard(0, 2));
        assertThat(Shard.fromEnvironment(Map.of())).isEqualTo(Shard.WHOLE);
    }

    @Test
    void hostIsReadAsAUriWouldReadIt() {
        for (String url : new String[] {
            "http://a.example/x.jpg",
            "https://Images.Example.org:8443/p?q=1",
            "http://127.0.0.1/",
            "https://host#frag",
            "http://user:pw@host.example/x",
            "http://[::1]:8080/x",
            "http://h%41st.example/x",
            "ftp://host/x",
            "http://under_score.example/x",
            "https://ex.org?x"
        }) {
            assertThat(Planner.host(url))
                    .as(url)
                    .isEqualTo(java.util.Objects.requireNonNullElse(
                            java.net.URI.create(url).getHost(), "?"));
        }
        assertThat(Planner.host("not a url")).isEqualTo("?");
        assertThat(Planner.plainHost("http://user:pw@host.example/x")).isNull();
        assertThat(Planner.plainHost("https://a.example/x")).isEqualTo("a.example");
    }

    @Test
    void aSubsetTheSourceGivesPlacesTheItemAndIsSanitised() {
        org.trawl.core.MediaItem item =
                org.trawl.core.MediaItem.of("http://h/a.jpg", "Quercus").withSubset("train");
        PlannedItem p = new Planner(PlanOptions.defaults()).place(item);
        assertThat(p.subset()).isEqualTo("train");
        assertThat(p.key()).startsWith("train/Quercus/");

        PlannedItem escaped = new Planner(PlanOptions.defaults()).place(item.withSubset("../x"));
        assertThat(escaped.subset()).isEqualTo("_.._x");

        PlannedItem none =
                new Planner(PlanOptions.defaults()).place(org.trawl.core.MediaItem.of("http://h/a.jpg", "Q"));
        assertThat(none.subset()).isNull();
        assertThat(none.key()).startsWith("Q/");
    }
}
