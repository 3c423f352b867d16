package org.trawl.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trawl.internal.Json;

/**
 * The hand-written record codec must write exactly the text Jackson's generic path wrote (journals and
 * checkpoints of earlier releases stay byte-compatible) and read whatever the generic path read.
 */
class ItemRecordJsonTest {
    /** Jackson's generic record path, as trawl used it before the codec: same settings, codec switched off. */
    @JsonSerialize(using = JsonSerializer.None.class)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    private abstract static class Generic {
    }

    private static final ObjectMapper GENERIC = Json.MAPPER.copy().addMixIn(ItemRecord.class, Generic.class);

    private static ItemRecord full() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("occurrence", "12 345");
        fields.put("gone", null);
        fields.put("note", "a \"quoted\", comma\nand ünïcödé \u2603 and \u0001");
        return new ItemRecord("train/Quercus robur/abc", ItemRecord.DONE, "https://h.example/i.jpg?x=1&y=2",
                "train/Quercus robur/abc.jpg", "Quercus robur", "train", "gbif", "1234", "CC-BY 4.0", "Ann \"A\" Lee",
                "ab".repeat(32), 123_456_789_012L, 4000, 3000, "image/jpeg", null, 2, fields, 1_796_222_546_133L);
    }

    @Test
    void writesExactlyWhatTheGenericPathWrote() throws Exception {
        ItemRecord sparse = new ItemRecord("k", ItemRecord.FAILED, "http://h/x", null, null, null, null, null, null,
                null, null, null, null, null, null, "http 404", 1, null, 7L);
        ItemRecord emptyFields = new ItemRecord("k", ItemRecord.DONE, "u", null, null, null, null, null, null, null,
                null, 0L, 0, 0, null, null, null, Map.of(), null);
        for (ItemRecord r : new ItemRecord[] {full(), sparse, emptyFields, full().asFailed("why"),
                full().asDuplicateOf("a/b.jpg")}) {
            String ours = Json.MAPPER.writeValueAsString(r);
            assertThat(ours).isEqualTo(GENERIC.writeValueAsString(r));
            assertThat(Json.MAPPER.readValue(ours, ItemRecord.class)).isEqualTo(GENERIC.readValue(ours, ItemRecord.class));
        }
        assertThat(Json.MAPPER.writeValueAsString(full())).doesNotContain("gone");
    }

    @Test
    void readsOddValuesAsTheGenericPathDid() throws Exception {
        String odd = "{\"zz\":[1,{\"a\":2}],\"key\":\"k\",\"bytes\":\"12\",\"width\":3.0,\"height\":null,"
                + "\"attempts\":\"4\",\"status\":true,\"url\":17,\"fields\":{\"a\":1,\"b\":null,\"c\":false},"
                + "\"time\":1e3,\"extra\":{\"deep\":[{}]},\"key\":\"last wins\"}";
        ItemRecord ours = Json.MAPPER.readValue(odd, ItemRecord.class);
        assertThat(ours).isEqualTo(GENERIC.readValue(odd, ItemRecord.class));
        assertThat(ours.key()).isEqualTo("last wins");
        assertThat(ours.bytes()).isEqualTo(12L);
        assertThat(ours.fields()).containsEntry("a", "1").containsEntry("b", null).containsEntry("c", "false");
        assertThat(Json.MAPPER.readValue("{}", ItemRecord.class)).isEqualTo(GENERIC.readValue("{}", ItemRecord.class));
    }

    /** Both refuse with a Jackson error, which the checkpoint reader turns into its one-line message. */
    @Test
    void refusesWhatTheGenericPathRefused() {
        for (String bad : new String[] {"{\"bytes\":{\"a\":1}}", "{\"key\":[\"k\"]}", "{\"fields\":[1]}",
                "{\"fields\":{\"a\":{\"b\":1}}}", "[1]", "{\"width\":99999999999}"}) {
            assertThatThrownBy(() -> GENERIC.readValue(bad, ItemRecord.class)).as(bad)
                    .isInstanceOf(JsonProcessingException.class);
            assertThatThrownBy(() -> Json.MAPPER.readValue(bad, ItemRecord.class)).as(bad)
                    .isInstanceOf(JsonProcessingException.class);
        }
    }
}
