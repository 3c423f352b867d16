package org.trawl.source.iiif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.trawl.internal.Json;

/**
 * The one vocabulary over both Presentation versions: text values (strings, {@code @value} lists, 3.0
 * language maps) become one caption, and ids and types read the same whatever the spelling.
 */
class IiifJsonTest {
    static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static String text(String s) {
        return IiifJson.text(json(s));
    }

    @Test
    void plainValuesAreTrimmedAndBlankIsNothing() {
        assertThat(text("\"  Folio 1r \"")).isEqualTo("Folio 1r");
        assertThat(text("\"   \"")).isNull();
        assertThat(text("12")).isEqualTo("12");
        assertThat(text("null")).isNull();
        assertThat(IiifJson.text(null)).isNull();
    }

    @Test
    void aLanguageMapGivesEnglishThenNoneThenTheFirstLanguage() {
        assertThat(text("{\"fr\": [\"Lettre\"], \"en\": [\"Letter\"]}")).isEqualTo("Letter");
        assertThat(text("{\"fr\": [\"Lettre\"], \"en-GB\": [\"Letter\"]}"))
                .as("a regional English")
                .isEqualTo("Letter");
        assertThat(text("{\"fr\": [\"Lettre\"], \"none\": [\"MS 24\"]}")).isEqualTo("MS 24");
        assertThat(text("{\"@none\": [\"MS 24\"], \"de\": [\"Brief\"]}")).isEqualTo("MS 24");
        assertThat(text("{\"de\": [\"Brief\"], \"fr\": [\"Lettre\"]}"))
                .as("no English: the first")
                .isEqualTo("Brief");
        assertThat(text("{\"en\": [\"Letter\", \"from Hamilton\"]}")).isEqualTo("Letter; from Hamilton");
        assertThat(text("{\"en\": []}")).isNull();
        assertThat(text("{}")).isNull();
    }

    @Test
    void aLanguageMapWithAKeyThatIsNoLanguageStillGivesText() {
        // as the Hamilton manifest publishes it (mirador-v3/hamilton.json)
        assertThat(text("{\"true\": [\"Letter from Alexander Hamilton Papers\"]}"))
                .isEqualTo("Letter from Alexander Hamilton Papers");
        assertThat(text("{\"true\": [true]}")).isEqualTo("true");
    }

    @Test
    void presentationTwoValueListsPreferEnglishAndOtherwiseTheFirstTaggedOne() {
        assertThat(
                        text(
                                "[{\"@value\": \"Deux\", \"@language\": \"fr\"}, {\"@value\": \"Two\", \"@language\": \"en\"}]"))
                .isEqualTo("Two");
        assertThat(
                        text(
                                "[{\"@value\": \"Deux\", \"@language\": \"fr\"}, {\"@value\": \"Zwei\", \"@language\": \"de\"}]"))
                .isEqualTo("Deux");
        assertThat(
                        text(
                                "[{\"@value\": \"Two\", \"@language\": \"en\"}, {\"@value\": \"2\", \"@language\": \"en-US\"}]"))
                .as("every English value")
                .isEqualTo("Two; 2");
        assertThat(text("[\"Folio 1r\", \"recto\"]"))
                .as("untagged: all of them")
                .isEqualTo("Folio 1r; recto");
        assertThat(text("{\"@value\": \" Two \"}")).isEqualTo("Two");
        assertThat(text("[]")).isNull();
    }

    @Test
    void idsAndTypesReadTheSameInBothVersions() {
        assertThat(IiifJson.id(json("{\"@id\": \" https://e.org/m \"}"))).isEqualTo("https://e.org/m");
        assertThat(IiifJson.id(json("{\"id\": \"https://e.org/m\"}"))).isEqualTo("https://e.org/m");
        assertThat(IiifJson.id(json("{\"id\": \"  \"}"))).isNull();
        assertThat(IiifJson.id(json("{\"id\": 3}"))).isNull();
        assertThat(IiifJson.id(json("\"https://e.org/m\"")))
                .as("a bare reference")
                .isEqualTo("https://e.org/m");
        assertThat(IiifJson.type(json("{\"@type\": \"sc:Manifest\"}"))).isEqualTo("Manifest");
        assertThat(IiifJson.type(json("{\"type\": \"Manifest\"}"))).isEqualTo("Manifest");
        assertThat(IiifJson.type(json("{\"@type\": [\"dctypes:Image\", \"x\"]}")))
                .isEqualTo("Image");
        assertThat(IiifJson.type(json("{\"@type\": \"http://purl.org/dc/dcmitype/Image\"}")))
                .as("a URI is not a prefix")
                .isEqualTo("http://purl.org/dc/dcmitype/Image");
        assertThat(IiifJson.type(json("\"Manifest\""))).isEmpty();
    }

    @Test
    void fieldsThatAreOneOrManyAndNumbersThatAreStrings() {
        assertThat(IiifJson.list(json("{\"a\": 1}"))).hasSize(1);
        assertThat(IiifJson.list(json("[1, 2, 3]"))).hasSize(3);
        assertThat(IiifJson.list(null)).isEmpty();
        assertThat(IiifJson.strings(json("[\"level1\", {\"supports\": []}, \"x\"]")))
                .containsExactly("level1", "x");
        assertThat(IiifJson.intOf(json("{\"width\": \" 300 \"}"), "width")).isEqualTo(300);
        assertThat(IiifJson.intOf(json("{\"width\": \"wide\"}"), "width")).isEqualTo(-1);
        assertThat(IiifJson.intOf(json("{}"), "width")).isEqualTo(-1);
        assertThat(IiifJson.longOf(json("{\"maxArea\": 10000000000}"), "maxArea"))
                .isEqualTo(10_000_000_000L);
    }
}
