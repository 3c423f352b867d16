package org.trawl.source.gbif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one licence vocabulary, on values taken from the recorded GBIF answers and archives. */
class LicensesTest {

    @Test
    void classifiesTheLicenceValuesOfTheRecordedSearchPages() {
        // occ_search_looping_works: media and occurrence licences as GBIF serves them
        assertThat(Licenses.classify("http://creativecommons.org/licenses/by-nc/4.0/"))
                .isEqualTo(new Licenses.Licence("CC-BY-NC", "4.0"));
        assertThat(Licenses.classify("http://creativecommons.org/licenses/by-nc/4.0/legalcode"))
                .isEqualTo(new Licenses.Licence("CC-BY-NC", "4.0"));
        assertThat(Licenses.classify("http://creativecommons.org/publicdomain/zero/1.0/legalcode"))
                .isEqualTo(new Licenses.Licence("CC0", "1.0"));
        assertThat(Licenses.classify("http://creativecommons.org/licenses/by-nc-nd/4.0/"))
                .isEqualTo(new Licenses.Licence("CC-BY-NC-ND", "4.0"));
        assertThat(Licenses.classify("henryb68 (cc-by-sa)")).isEqualTo(new Licenses.Licence("CC-BY-SA", null));
        assertThat(Licenses.classify("CC_BY_NC_4_0")).isEqualTo(new Licenses.Licence("CC-BY-NC", "4.0"));
        assertThat(Licenses.classify("unspecified")).isNull();
    }

    @Test
    void classifiesTheLicenceValuesOfTheRecordedArchives() {
        // 0000066-140928181241064.zip: occurrence.txt rights, multimedia.txt license
        assertThat(Licenses.classify("http://creativecommons.org/licenses/by/4.0/deed.en_US"))
                .isEqualTo(new Licenses.Licence("CC-BY", "4.0"));
        assertThat(Licenses.classify("All Rights Reserved")).isNull();
        assertThat(Licenses.classify("© The Board of Trustees of the Royal Botanic Gardens, Kew."))
                .isNull();
        assertThat(Licenses.classify("http://fieldmuseum.org/about/copyright-information"))
                .isNull();
        assertThat(Licenses.classify("CC BY-SA 3.0")).isEqualTo(new Licenses.Licence("CC-BY-SA", "3.0"));
        assertThat(Licenses.classify("")).isNull();
    }

    @Test
    void theFilterTakesFamilyNamesGbifCodesAndUrlsInAnyCase() {
        Licenses.Filter f = Licenses.filter("cc-by, CC0_1_0 ,https://creativecommons.org/licenses/by-nc/4.0");
        assertThat(f.terms()).containsExactly("CC-BY", "CC0 1.0", "CC-BY-NC 4.0");
        assertThat(f.accepts("http://creativecommons.org/licenses/by/4.0/legalcode"))
                .isTrue();
        assertThat(f.accepts("http://creativecommons.org/licenses/by/2.0/")).isTrue(); // a family: every version
        assertThat(f.accepts("https://creativecommons.org/publicdomain/zero/1.0/"))
                .isTrue();
        assertThat(f.accepts("http://creativecommons.org/licenses/by-nc/4.0/")).isTrue();
        assertThat(f.accepts("http://creativecommons.org/licenses/by-nc/3.0/")).isFalse(); // a code: its version only
        assertThat(f.accepts("henryb68 (cc-by-sa)")).isFalse();
        assertThat(Licenses.filter("CC_BY_NC_4_0").terms())
                .isEqualTo(Licenses.filter("http://creativecommons.org/licenses/by-nc/4.0/")
                        .terms());
        assertThat(Licenses.filter("CC-BY-SA").accepts("henryb68 (cc-by-sa)")).isTrue();
        assertThat(Licenses.filter("creativecommons.org/publicdomain/zero/1.0/").accepts("CC0_1_0"))
                .isTrue();
        assertThat(Licenses.filter("PD").accepts("http://creativecommons.org/publicdomain/mark/1.0/"))
                .isTrue();
    }

    @Test
    void freeTextNamingNoLicenceNeverMatchesAFilter() {
        Licenses.Filter every = Licenses.filter(String.join(",", Licenses.FAMILIES));
        assertThat(every.accepts("unspecified")).isFalse();
        assertThat(every.accepts("All Rights Reserved")).isFalse();
        assertThat(every.accepts("© The Board of Trustees of the Royal Botanic Gardens, Kew."))
                .isFalse();
        assertThat(every.accepts(null)).isFalse();
        assertThat(every.accepts("http://creativecommons.org/licenses/by-nc/4.0/"))
                .isTrue();
    }

    @Test
    void anUnreadableFilterTermIsRefusedWithTheAcceptedNames() {
        assertThatThrownBy(() -> Licenses.filter("CC-BY,creative commons"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'creative commons'")
                .hasMessageContaining("CC-BY-NC-SA")
                .hasMessageContaining("CC_BY_4_0");
        assertThatThrownBy(() -> Licenses.filter("CC-BY-SA-ND")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Licenses.filter("unspecified")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Licenses.filter(" , ")).isInstanceOf(IllegalArgumentException.class);
    }
}
