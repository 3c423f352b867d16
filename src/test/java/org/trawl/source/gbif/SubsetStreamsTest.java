package org.trawl.source.gbif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The --subset-streams rules: gbif-dl's subset_streams, with an order that decides and no silent drop. */
class SubsetStreamsTest {
    static final List<String> KEYS = List.of("speciesKey", "country");

    @Test
    void theFirstMatchingRuleWinsAndAStarTakesTheRest() {
        SubsetStreams s = SubsetStreams.parse("train:speciesKey=1,2;val:speciesKey=2&country=FR;test:*", KEYS);
        assertThat(s.subsetOf(Map.of("speciesKey", "1", "country", "DE"))).isEqualTo("train");
        assertThat(s.subsetOf(Map.of("speciesKey", "2", "country", "FR"))).isEqualTo("train");
        assertThat(s.subsetOf(Map.of("speciesKey", "3", "country", "FR"))).isEqualTo("test");
    }

    @Test
    void everyConditionOfARuleMustHoldAndKeyStarMatchesAnyValue() {
        SubsetStreams s = SubsetStreams.parse(" val : speciesKey=2 & country=FR ; train:country=*", KEYS);
        assertThat(s.subsetOf(Map.of("speciesKey", "2", "country", "FR"))).isEqualTo("val");
        assertThat(s.subsetOf(Map.of("speciesKey", "2", "country", "DE"))).isEqualTo("train");
        assertThat(s.toString()).isEqualTo("val:speciesKey=2&country=FR;train:country=*");
    }

    @Test
    void aStreamNoRuleTakesHasNoSubset() {
        assertThat(SubsetStreams.parse("train:speciesKey=1", KEYS).subsetOf(Map.of("speciesKey", "5", "country", "FR")))
                .isNull();
    }

    @Test
    void rulesItCannotReadAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SubsetStreams.parse("train=speciesKey", KEYS)).hasMessageContaining("SUBSET:KEY=V");
        assertThatThrownBy(() -> SubsetStreams.parse("train:year=2000", KEYS))
                .hasMessageContaining("year, which is not a --split-streams-by key (speciesKey, country)");
        assertThatThrownBy(() -> SubsetStreams.parse("../x:*", KEYS)).hasMessageContaining("not a subset name");
        assertThatThrownBy(() -> SubsetStreams.parse("train:speciesKey=", KEYS)).hasMessageContaining("KEY=V");
        assertThatThrownBy(() -> SubsetStreams.parse(" ; ", KEYS)).hasMessageContaining("no rule");
    }
}
