package org.trawl.source.m3;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trawl.core.MediaItem;
import org.trawl.testing.HostileNames;

/** An M3 image's name (the last part of its URL, decoded) and concept become a path inside OUT only. */
class M3NamesTest {
    @Test
    void hostileImageNamesAndConceptsStayInside() {
        for (String name : HostileNames.NAMES) {
            String encoded = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
            String stem = M3Images.stemOf("http://m3.example/images/" + encoded);
            HostileNames.assertStaysInside(
                    new MediaItem("http://m3.example/i", name, null, "m3", "id", null, null, Map.of()).withPath(stem));
        }
    }
}
