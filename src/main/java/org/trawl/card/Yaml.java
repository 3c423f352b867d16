package org.trawl.card;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.trawl.internal.Json;

/** YAML scalars for the card and the citation, written as JSON strings: every JSON string is a YAML one. */
final class Yaml {
    private Yaml() {}

    /** A double-quoted scalar: whatever a server put in a title cannot end the string or start a key. */
    static String q(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s == null ? "" : s.replaceAll("\\p{Cntrl}", " "));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
