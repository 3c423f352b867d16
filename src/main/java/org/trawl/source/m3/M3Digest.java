package org.trawl.source.m3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trawl.internal.Json;

/**
 * m3-download's observation digest: the fast endpoint's records for a concept (and, with
 * descendants, every concept below it in the kb), optionally with every other observation of the
 * same imaged moments (all the boxes in those frames), de-duplicated by observation UUID.
 */
public final class M3Digest {
    private M3Digest() {}

    /** m3-download's file name: {@code <concept, spaces as _>[_desc]_digest.json}. */
    public static String fileName(String concept, boolean descendants) {
        return concept.replace(' ', '_').replace('/', '_') + (descendants ? "_desc" : "") + "_digest.json";
    }

    public static List<ObjectNode> build(M3Client client, String concept, boolean descendants, boolean allBoxes) {
        List<String> concepts = descendants ? client.withDescendants(concept) : List.of(concept);
        Map<String, ObjectNode> byObservation = new LinkedHashMap<>();
        List<ObjectNode> unnamed = new ArrayList<>();
        for (List<ObjectNode> page : client.parallel(concepts, client::conceptImages)) {
            for (ObjectNode o : page) {
                add(byObservation, unnamed, o);
            }
        }
        if (allBoxes) {
            LinkedHashSet<String> moments = new LinkedHashSet<>();
            for (ObjectNode o : byObservation.values()) {
                String m = M3Client.text(o, "imaged_moment_uuid");
                if (m != null) {
                    moments.add(m.toLowerCase(Locale.ROOT));
                }
            }
            for (ObjectNode moment : client.parallel(new ArrayList<>(moments), client::imagedMoment)) {
                if (moment == null) {
                    continue;
                }
                JsonNode observations = moment.get("observations");
                if (observations == null) {
                    continue;
                }
                for (JsonNode obs : observations) {
                    add(byObservation, unnamed, fromMoment(moment, obs));
                }
            }
        }
        List<ObjectNode> all = new ArrayList<>(byObservation.values());
        all.addAll(unnamed);
        return all;
    }

    private static void add(Map<String, ObjectNode> byObservation, List<ObjectNode> unnamed, ObjectNode o) {
        String id = M3Client.text(o, "observation_uuid");
        if (id == null) {
            unnamed.add(o);
        } else {
            byObservation.putIfAbsent(id.toLowerCase(Locale.ROOT), o);
        }
    }

    /** An observation of an imaged moment in the fast endpoint's shape (what m3-download built for -a). */
    static ObjectNode fromMoment(ObjectNode moment, JsonNode obs) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.set("observation_uuid", obs.get("uuid"));
        o.set("concept", obs.get("concept"));
        o.set("observer", obs.get("observer"));
        o.set("observation_timestamp", obs.get("observation_timestamp"));
        o.set("video_reference_uuid", moment.get("video_reference_uuid"));
        o.set("imaged_moment_uuid", moment.get("uuid"));
        o.set("associations", obs.has("associations") ? obs.get("associations") : Json.MAPPER.createArrayNode());
        o.set(
                "image_references",
                moment.has("image_references") ? moment.get("image_references") : Json.MAPPER.createArrayNode());
        // older servers call it recorded_date
        o.set(
                "recorded_timestamp",
                moment.has("recorded_timestamp") ? moment.get("recorded_timestamp") : moment.get("recorded_date"));
        o.set("timecode", moment.get("timecode"));
        o.set("elapsed_time_millis", moment.get("elapsed_time_millis"));
        o.set("group", obs.get("group"));
        o.set("activity", obs.get("activity"));
        o.remove(nullFields(o));
        return o;
    }

    private static List<String> nullFields(ObjectNode o) {
        List<String> out = new ArrayList<>();
        o.fields().forEachRemaining(e -> {
            if (e.getValue() == null || e.getValue().isNull()) {
                out.add(e.getKey());
            }
        });
        return out;
    }
}
