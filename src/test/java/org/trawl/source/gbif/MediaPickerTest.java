package org.trawl.source.gbif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trawl.core.MediaItem;

class MediaPickerTest {
    static final ObjectMapper M = new ObjectMapper();

    static ObjectNode occ(String json) throws Exception {
        return (ObjectNode) M.readTree(json.replace('\'', '"'));
    }

    @Test
    void onlyMediaOfTheWantedTypeWithAUrlAreCandidates() throws Exception {
        // gbif-dl drew among all media first: a Sound or a URL-less media lost the occurrence
        ObjectNode o = occ("{'gbifID':'1','speciesKey':7,'media':[{'type':'Sound','identifier':'http://h/a.mp3'},"
                + "{'type':'StillImage'},{'type':'StillImage','identifier':'http://h/b.jpg'}]}");
        for (long seed = 0; seed < 20; seed++) {
            List<MediaItem> got = new MediaPicker("speciesKey", "StillImage", false, null, seed).items(o);
            assertThat(got).singleElement().satisfies(i -> {
                assertThat(i.url()).isEqualTo("http://h/b.jpg");
                assertThat(i.label()).isEqualTo("7");
            });
        }
    }

    @Test
    void theChoiceIsSeededPerOccurrence() throws Exception {
        ObjectNode o = occ("{'gbifID':'42','media':[{'type':'StillImage','identifier':'http://h/1'},"
                + "{'type':'StillImage','identifier':'http://h/2'},{'type':'StillImage','identifier':'http://h/3'}]}");
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 30; seed++) {
            String a = new MediaPicker(null, "StillImage", false, null, seed)
                    .items(o)
                    .get(0)
                    .url();
            String b = new MediaPicker(null, "StillImage", false, null, seed)
                    .items(o)
                    .get(0)
                    .url();
            assertThat(a).isEqualTo(b);
            seen.add(a);
        }
        assertThat(seen).hasSize(3);
        assertThat(new MediaPicker(null, "StillImage", true, null, 0).items(o)).hasSize(3);
    }

    @Test
    void theLicenceFilterJudgesTheMediaNotTheOccurrence() throws Exception {
        ObjectNode o = occ("{'gbifID':'1','license':'http://creativecommons.org/licenses/by/4.0/legalcode','media':["
                + "{'type':'StillImage','identifier':'http://h/nc','license':'http://creativecommons.org/licenses/by-nc/4.0/'},"
                + "{'type':'StillImage','identifier':'http://h/sa','license':'Jane Doe (cc-by-sa)'},"
                + "{'type':'StillImage','identifier':'http://h/none'}]}");
        List<MediaItem> ccby = new MediaPicker(null, "StillImage", true, Licenses.filter("CC-BY"), 0).items(o);
        assertThat(ccby).extracting(MediaItem::url).containsExactly("http://h/none"); // falls back to the occurrence's
        List<MediaItem> sa = new MediaPicker(null, "StillImage", true, Licenses.filter("CC-BY-SA,CC0"), 0).items(o);
        assertThat(sa).extracting(MediaItem::url).containsExactly("http://h/sa");
        assertThat(sa.get(0).license()).isEqualTo("Jane Doe (cc-by-sa)");
    }

    @Test
    void rightsHolderFallsBackToCreatorAndAMissingLabelIsCountedNotCalledNone() throws Exception {
        ObjectNode o = occ("{'gbifID':'1','datasetKey':'d','media':[{'type':'StillImage','identifier':'http://h/1',"
                + "'creator':'Ann','publisher':'iNaturalist'}]}");
        MediaItem i =
                new MediaPicker(null, "StillImage", false, null, 0).items(o).get(0);
        assertThat(i.rightsHolder()).isEqualTo("Ann");
        assertThat(i.fields()).containsEntry("publisher", "iNaturalist").containsEntry("datasetKey", "d");
        MediaPicker p = new MediaPicker("speciesKey", "StillImage", false, null, 0);
        assertThat(p.items(o)).isEmpty(); // gbif-dl put it under the label "None"
        assertThat(p.withoutLabel()).isEqualTo(1);
    }
}
