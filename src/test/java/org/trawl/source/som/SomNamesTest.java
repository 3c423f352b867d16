package org.trawl.source.som;

import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trawl.core.MediaItem;
import org.trawl.testing.HostileNames;

/** A Cloud Storage object's key name and its collection become a path inside OUT only. */
class SomNamesTest {
    @Test
    void hostileObjectNamesStayInside() {
        for (String name : HostileNames.NAMES) {
            for (String collection : new String[] {"plankton", name}) {
                String path = collection + "/" + SomSource.stemPath(name, new HashSet<>());
                HostileNames.assertStaysInside(
                        new MediaItem("http://gcs.example/o", name, null, "som", "k", null, null, Map.of())
                                .withPath(path));
            }
        }
    }
}
