package org.trawl.source.iiif;

import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trawl.core.MediaItem;
import org.trawl.testing.HostileNames;

/** A IIIF document id and label, and a FathomNet concept and uuid, become a path inside OUT only. */
class IiifNamesTest {
    @Test
    void hostileManifestIdsAndLabelsStayInside() {
        for (String name : HostileNames.NAMES) {
            String path = IiifSource.folder(name, new HashSet<>()) + "/0000";
            HostileNames.assertStaysInside(
                    new MediaItem("http://iiif.example/i", name, null, "iiif", name, null, null, Map.of())
                            .withPath(path));
        }
    }

    @Test
    void hostileFathomNetConceptsAndUuidsStayInside() {
        for (String name : HostileNames.NAMES) {
            // as FathomNetSource makes it: the concept is the label, the image uuid the file name
            HostileNames.assertStaysInside(
                    new MediaItem("http://fathomnet.example/i", name, name, "fathomnet", name, null, null, Map.of()));
        }
    }
}
