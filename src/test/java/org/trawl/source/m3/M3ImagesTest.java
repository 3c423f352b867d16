package org.trawl.source.m3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Naming and grouping of M3 images, without a server. */
class M3ImagesTest {

    static Localization loc(String assoc, String ref, String url) {
        return new Localization(
                "obs-" + assoc,
                assoc,
                "Sebastes",
                1,
                2,
                3,
                4,
                ref,
                url == null ? Map.of() : Map.of(ref, url),
                Map.of());
    }

    @Test
    void fileNamesAreTheDecodedUrlBasenameWithColonsReplaced() {
        // m3-download #6: ':' cannot be in a Windows file name
        assertThat(M3Images.stemOf("http://h/frames/D%20R/2019-01-01T10:00:00Z.png"))
                .isEqualTo("2019-01-01T10_00_00Z");
        assertThat(M3Images.stemOf("http://h/a/01_17_59_10.jpg")).isEqualTo("01_17_59_10");
        assertThat(M3Images.stemOf("http://h/a/i2MAP%2020170622.png")).isEqualTo("i2MAP 20170622");
    }

    @Test
    void oneImagePerReferenceWithAllItsBoxesAndNoNameClash() {
        List<String> problems = new ArrayList<>();
        List<M3Image> images = M3Images.resolve(
                List.of(
                        loc("a1", "r1", "http://h/dive1/01_00_00_00.png"),
                        loc("a2", "r1", "http://h/dive1/01_00_00_00.png"),
                        loc("a3", "r2", "http://h/dive2/01_00_00_00.png"),
                        loc("a4", null, null),
                        loc("a5", "r3", null)),
                null,
                problems::add);
        assertThat(images).extracting(M3Image::stem).containsExactly("01_00_00_00", "01_00_00_00_r2");
        assertThat(images.get(0).boxes()).extracting(b -> b.id()).containsExactly("a1", "a2");
        assertThat(problems)
                .anyMatch(p -> p.contains("1 localization(s) name no image_reference_uuid"))
                .anyMatch(p -> p.contains("image reference r3: no URL"));
    }

    @Test
    void boxesAreCheckedBeforeUse() {
        assertThat(Localizations.parseBox("{\"x\":1,\"y\":2,\"width\":3,\"height\":4}")
                        .get("width")
                        .asInt())
                .isEqualTo(3);
        assertThatThrownBy(() -> Localizations.parseBox("{\"x\":1,\"y\":2,\"width\":0,\"height\":4}"))
                .hasMessage("empty box");
        assertThatThrownBy(() -> Localizations.parseBox("[1,2]")).hasMessage("link_value is not a JSON object");
        assertThatThrownBy(() -> Localizations.parseBox("{\"x\":\"1\",\"y\":2,\"width\":3,\"height\":4}"))
                .hasMessage("no numeric x");
        assertThatThrownBy(() -> Localizations.parseBox(null)).hasMessage("empty link_value");
    }
}
