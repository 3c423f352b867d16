package org.trawl.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trawl.core.MediaItem;
import org.trawl.core.Shard;
import org.trawl.internal.Hashes;

/** Names from lists and services as file names: cut safely, never shadowing trawl's files, never lost. */
class NamesTest {
    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Every char of s is part of a whole character: no lone surrogate. */
    static boolean wellFormed(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
    }

    @Test
    void namesAreCutByUtf8BytesAtACharacterBoundary() {
        String emoji = "🦤".repeat(49) + "a".repeat(3) + "🦤"; // 199 bytes; the last emoji would end 2 bytes over
        assertThat(PathSanitizer.segment(emoji)).isEqualTo("🦤".repeat(49) + "aaa");
        String oldCut = "a".repeat(119) + "\uD83E\uDDA4"; // the 120-character cut split this one
        assertThat(PathSanitizer.segment(oldCut)).isEqualTo("a".repeat(119)); // left out whole, never half
        String ascii = "a".repeat(150); // as every earlier trawl cut it, so existing datasets keep their keys
        assertThat(PathSanitizer.segment(ascii)).isEqualTo("a".repeat(PathSanitizer.MAX_CHARS));
        String cjk = PathSanitizer.segment("森".repeat(100)); // 300 bytes: over 255 as a file name
        assertThat(utf8(cjk)).isLessThanOrEqualTo(PathSanitizer.MAX_BYTES).isGreaterThan(PathSanitizer.MAX_BYTES - 3);
        assertThat(cjk).isEqualTo("森".repeat(66));
        for (String raw :
                new String[] {"é".repeat(150), "x" + "🦤".repeat(80), "ab\uD83E", "\uDDA4cd", "🦤".repeat(49) + "x€€"
                }) {
            String s = PathSanitizer.segment(raw);
            assertThat(wellFormed(s)).as(raw).isTrue();
            assertThat(utf8(s)).as(raw).isLessThanOrEqualTo(PathSanitizer.MAX_BYTES);
        }
        assertThat(PathSanitizer.segment("ab\uD83E")).isEqualTo("ab_"); // half a character from a broken list
        assertThat(PathSanitizer.MAX_BYTES
                        + Planner.RENAME_SUFFIX_LENGTH
                        + ".heic.part.json".length()
                        + ".tmp".length()
                        + 1)
                .as("room for the collision suffix and the longest extension in 255 bytes")
                .isLessThanOrEqualTo(255);
    }

    @Test
    void bidirectionalControlsAreRemoved() {
        // "evil\u202Egpj.exe" shows as "evilexe.jpg"
        assertThat(PathSanitizer.segment("evil\u202Egpj.exe")).isEqualTo("evilgpj.exe");
        assertThat(PathSanitizer.segment("\u200Ea\u200Fb\u202Ac\u202Bd\u202Ce\u202Df\u2066g\u2067h\u2068i\u2069j"))
                .isEqualTo("abcdefghij");
        assertThat(PathSanitizer.segment("\u202E")).isEqualTo("_");
        assertThat(PathSanitizer.segment("a\u0085b")).isEqualTo("a_b"); // a C1 control
    }

    @Test
    void theDotDotAbsoluteAndNulOfAnySourceStayInOneSegment() {
        for (String raw : new String[] {"..", "../../x", "/etc/passwd", "C:\\Windows", "a\u0000b", "\u0000"}) {
            String s = PathSanitizer.segment(raw);
            assertThat(s)
                    .as(raw)
                    .doesNotContain("/")
                    .doesNotContain("\\")
                    .doesNotContain("\u0000")
                    .isNotEqualTo("..")
                    .doesNotStartWith(".");
        }
    }

    @Test
    void trawlsOwnNamesAreEscapedAtTheTopOnly() {
        for (String own : new String[] {
            "metadata.csv",
            "failures.csv",
            "duplicates.csv",
            "folds.csv",
            "boxes.csv",
            "coco",
            "voc",
            "yolo",
            "tfrecord",
            "webdataset",
            "COCO",
            "Metadata.CSV",
            "image_map.json",
            "downloaded_images.txt",
            "README.md",
            "readme.md",
            "CITATION.cff",
            "ATTRIBUTION.csv",
            "filtered.csv",
            "report.html"
        }) {
            assertThat(PathSanitizer.topSegment(own)).isEqualTo("_" + own);
        }
        for (String other : new String[] {"cocoa", "Quercus robur", "vo", "metadata", "_coco"}) {
            assertThat(PathSanitizer.topSegment(other)).isSameAs(other);
        }
        Planner planner = new Planner(PlanOptions.defaults());
        assertThat(planner.place(MediaItem.of("http://h/a.jpg", "metadata.csv")).key())
                .startsWith("_metadata.csv/");
        PlannedItem coco = planner.place(MediaItem.of("http://h/a.jpg", "coco"));
        assertThat(coco.dir()).isEqualTo("_coco");
        assertThat(coco.label()).as("the class name stays the label").isEqualTo("coco");
        assertThat(planner.place(MediaItem.of("http://h/a.jpg", "coco").withSubset("voc"))
                        .key())
                .startsWith("_voc/coco/");
        assertThat(planner.place(new MediaItem(
                                "http://h/a.jpg", null, "failures.csv", "urls", null, null, null, java.util.Map.of()))
                        .key())
                .isEqualTo("_failures.csv");
    }

    static MediaItem named(String url, String label, String basename) {
        return new MediaItem(url, label, basename, "urls", null, null, null, java.util.Map.of());
    }

    static List<String> keys(Planner planner, List<MediaItem> items) {
        List<String> keys = new ArrayList<>();
        planner.plan(items.iterator()).forEachRemaining(p -> keys.add(p.key()));
        return keys;
    }

    @Test
    void aNameTakenByAnotherUrlIsRenamedNotDropped() {
        List<MediaItem> items = List.of(
                named("http://i/1/original.jpg", "bird", "original"),
                named("http://i/2/original.jpg", "bird", "original"),
                named("http://i/1/original.jpg", "bird", "original"), // the same item again
                named("http://i/3", "bird", "a/b"),
                named("http://i/4", "bird", "a_b"),
                named("http://i/5", "bird", "x".repeat(300)),
                named("http://i/6", "bird", "x".repeat(301)));
        Planner planner = new Planner(PlanOptions.defaults());
        List<String> keys = keys(planner, items);
        String h2 = Hashes.sha1Hex("http://i/2/original.jpg").substring(0, 8);
        String h4 = Hashes.sha1Hex("http://i/4").substring(0, 8);
        String h6 = Hashes.sha1Hex("http://i/6").substring(0, 8);
        String x = "x".repeat(PathSanitizer.MAX_CHARS);
        assertThat(keys)
                .containsExactly(
                        "bird/original",
                        "bird/original~" + h2,
                        "bird/a_b",
                        "bird/a_b~" + h4,
                        "bird/" + x,
                        "bird/" + x + "~" + h6);
        assertThat(planner.renamed()).isEqualTo(3);
        assertThat(planner.duplicates()).isEqualTo(1);
        assertThat(keys(new Planner(PlanOptions.defaults()), items))
                .as("the same names in every run")
                .isEqualTo(keys);
    }

    @Test
    void namesThatDifferInCaseOnlyAreOneFileOnMacOsAndWindows() {
        List<MediaItem> items = List.of(
                named("http://i/1", "Bird", "IMG"),
                named("http://i/2", "bird", "img"),
                named("http://i/1", "Bird", "IMG"));
        Planner planner = new Planner(PlanOptions.defaults());
        assertThat(keys(planner, items))
                .containsExactly(
                        "Bird/IMG", "bird/img~" + Hashes.sha1Hex("http://i/2").substring(0, 8));
        assertThat(planner.renamed()).isEqualTo(1);
        assertThat(planner.duplicates()).isEqualTo(1);
    }

    @Test
    void shardsRenameAsOneProcessWould() {
        List<MediaItem> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            items.add(named("http://i/" + i + "/original.jpg", "l" + (i % 3), "original"));
        }
        List<String> whole = keys(new Planner(PlanOptions.defaults()), items);
        assertThat(new HashSet<>(whole)).hasSize(300);
        Set<String> union = new HashSet<>();
        int total = 0;
        for (int s = 0; s < 4; s++) {
            PlanOptions o = new PlanOptions(null, null, new Shard(s, 4), 0);
            List<String> part = keys(new Planner(o), items);
            total += part.size();
            union.addAll(part);
        }
        assertThat(total).isEqualTo(300);
        assertThat(union).isEqualTo(new HashSet<>(whole));
    }

    @Test
    void everyNameAnItemCarriesStaysInside() {
        // urls (label, basename, subset), DwC-A and GBIF (label, no basename), and any source's own path
        for (String name : org.trawl.testing.HostileNames.NAMES) {
            org.trawl.testing.HostileNames.assertStaysInside(named("http://h/x", name, name));
            org.trawl.testing.HostileNames.assertStaysInside(
                    named("http://h/x", name, null).withSubset(name));
            org.trawl.testing.HostileNames.assertStaysInside(
                    named("http://h/x", null, name).withPath(name));
            org.trawl.testing.HostileNames.assertStaysInside(
                    named("http://h/x", name, null).withPath(name + "/" + name));
        }
    }
}
