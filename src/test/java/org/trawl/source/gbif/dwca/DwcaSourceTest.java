package org.trawl.source.gbif.dwca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.testing.Archives;
import org.trawl.testing.Archives.Media;
import org.trawl.testing.Archives.Occ;

/** Which media an archive yields: filters, exact dedup, one per occurrence, per-label reservoirs, joins. */
class DwcaSourceTest {
    @TempDir
    Path tmp;

    List<MediaItem> items(Path archive, String label, String type, boolean all, Integer max, String lic, long seed)
            throws Exception {
        try (DwcaArchive a = DwcaArchive.open(archive);
                DwcaSource s = DwcaSource.open(
                        a, new DwcaSource.Options(label, type, all, max, lic, seed, tmp.resolve("work")))) {
            List<MediaItem> first = drain(s);
            assertThat(drain(s))
                    .as("every pass yields the same items in the same order")
                    .isEqualTo(first);
            return first;
        }
    }

    static List<MediaItem> drain(DwcaSource s) {
        List<MediaItem> out = new ArrayList<>();
        try (CloseableIterator<MediaItem> it = s.items()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** Label A with 200 occurrences of one image each, B with 3, C with 1. */
    Path skewed() throws Exception {
        List<Occ> occ = new ArrayList<>();
        List<Media> media = new ArrayList<>();
        int id = 1;
        for (String[] l : new String[][] {{"A", "200"}, {"B", "3"}, {"C", "1"}}) {
            for (int i = 0; i < Integer.parseInt(l[1]); i++, id++) {
                occ.add(new Occ("" + id, l[0], "sp " + l[0], "CC_BY_4_0"));
                media.add(new Media("" + id, "StillImage", "http://img.example.org/" + id + ".jpg", "", "", ""));
            }
        }
        return Archives.zip(tmp.resolve("skewed.zip"), Archives.gbif(occ, media));
    }

    static Map<String, Long> perLabel(List<MediaItem> items) {
        Map<String, Long> m = new TreeMap<>();
        items.forEach(i -> m.merge(i.label(), 1L, Long::sum));
        return m;
    }

    @Test
    void maxPerLabelIsASeededReservoirThatKeepsEveryLabel() throws Exception {
        Path z = skewed();
        List<MediaItem> a = items(z, "speciesKey", "StillImage", false, 10, null, 7);
        assertThat(perLabel(a)).containsExactly(Map.entry("A", 10L), Map.entry("B", 3L), Map.entry("C", 1L));
        assertThat(items(z, "speciesKey", "StillImage", false, 10, null, 7))
                .as("same seed, same sample")
                .isEqualTo(a);
        List<String> firstTen = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            firstTen.add("http://img.example.org/" + i + ".jpg");
        }
        List<String> sampledA = a.stream()
                .filter(i -> i.label().equals("A"))
                .map(MediaItem::url)
                .toList();
        assertThat(sampledA).as("not the first N in file order (gbifxdl's cap)").isNotEqualTo(firstTen);
        List<String> other = items(z, "speciesKey", "StillImage", false, 10, null, 8).stream()
                .filter(i -> i.label().equals("A"))
                .map(MediaItem::url)
                .toList();
        assertThat(other)
                .as("another seed, another sample")
                .isNotEqualTo(sampledA)
                .hasSize(10);
    }

    @Test
    void repeatedUrlsAreDroppedExactlyAndMmh3CollisionsAreKept() throws Exception {
        // these two URLs have the same 32-bit murmur3 hash (268234726): gbifxdl kept only the first
        String u1 = "http://images.example.org/p/64916.jpg";
        String u2 = "http://images.example.org/p/131847.jpg";
        Path z = Archives.zip(
                tmp.resolve("c.zip"),
                Archives.gbif(
                        List.of(new Occ("1", "10", "a", ""), new Occ("2", "10", "a", ""), new Occ("3", "10", "a", "")),
                        List.of(
                                new Media("1", "StillImage", u1, "", "", ""),
                                new Media("2", "StillImage", u2, "", "", ""),
                                new Media("3", "StillImage", u1, "", "", ""))));
        assertThat(items(z, "speciesKey", "StillImage", true, null, null, 0))
                .extracting(MediaItem::url)
                .containsExactly(u1, u2);
    }

    @Test
    void oneMediaPerOccurrenceByDefaultAllWithAllMediaAndOnlyTheAskedType() throws Exception {
        Path z = Archives.zip(
                tmp.resolve("m.zip"),
                Archives.gbif(
                        List.of(new Occ("1", "10", "a", ""), new Occ("2", "20", "b", "")),
                        List.of(
                                new Media("1", "StillImage", "http://h/1a.jpg", "", "", ""),
                                new Media("2", "Sound", "http://h/2.mp3", "", "", ""),
                                new Media("1", "StillImage", "http://h/1b.jpg", "", "", ""),
                                new Media("2", "http://purl.org/dc/dcmitype/StillImage", "http://h/2.jpg", "", "", ""),
                                new Media("1", "StillImage", "http://h/1c.jpg", "", "", ""))));
        List<MediaItem> one = items(z, "speciesKey", "StillImage", false, null, null, 3);
        assertThat(perLabel(one)).containsExactly(Map.entry("10", 1L), Map.entry("20", 1L));
        assertThat(one).extracting(MediaItem::url).contains("http://h/2.jpg").doesNotContain("http://h/2.mp3");
        assertThat(items(z, "speciesKey", "StillImage", true, null, null, 3))
                .extracting(MediaItem::url)
                .containsExactly("http://h/1a.jpg", "http://h/1b.jpg", "http://h/2.jpg", "http://h/1c.jpg");
        assertThat(items(z, "speciesKey", null, true, null, null, 3)).hasSize(5);
        // the pick among an occurrence's media is seeded, so over a few seeds more than the first one shows up
        java.util.Set<String> picked = new java.util.HashSet<>();
        for (long seed = 0; seed < 12; seed++) {
            items(z, "speciesKey", "StillImage", false, null, null, seed).stream()
                    .filter(i -> i.label().equals("10"))
                    .forEach(i -> picked.add(i.url()));
        }
        assertThat(picked).hasSizeGreaterThan(1);
    }

    @Test
    void licenceFilterReadsMediaLicenceThenTheOccurrences() throws Exception {
        Path z = Archives.zip(
                tmp.resolve("l.zip"),
                Archives.gbif(
                        List.of(
                                new Occ("1", "10", "a", "CC_BY_NC_4_0"),
                                new Occ("2", "10", "a", "CC0_1_0"),
                                new Occ("3", "10", "a", "")),
                        List.of(
                                new Media(
                                        "1",
                                        "StillImage",
                                        "http://h/1.jpg",
                                        "http://creativecommons.org/licenses/by/4.0/",
                                        "",
                                        ""),
                                new Media("2", "StillImage", "http://h/2.jpg", "", "", ""),
                                new Media("3", "StillImage", "http://h/3.jpg", "CC BY-NC 4.0", "", ""))));
        assertThat(items(z, "speciesKey", "StillImage", true, null, "CC_BY_4_0,CC0_1_0", 0))
                .extracting(MediaItem::url)
                .containsExactly("http://h/1.jpg", "http://h/2.jpg");
        assertThat(items(z, "speciesKey", "StillImage", true, null, "CC_BY_NC", 0))
                .extracting(MediaItem::url)
                .containsExactly("http://h/3.jpg");
    }

    @Test
    void itemsCarryTheOccurrenceAndRightsHolderFallsBackToCreator() throws Exception {
        Path z = Archives.zip(
                tmp.resolve("j.zip"),
                Archives.gbif(
                        List.of(new Occ("5", "77", "Quercus robur", "CC0_1_0"), new Occ("6", "", "x", "")),
                        List.of(
                                new Media("5", "StillImage", "http://h/5.jpg", "", "", "Ann Creator"),
                                new Media("6", "StillImage", "http://h/6.jpg", "", "", ""),
                                new Media("99", "StillImage", "http://h/99.jpg", "", "", ""))));
        try (DwcaArchive a = DwcaArchive.open(z);
                DwcaSource s = DwcaSource.open(
                        a,
                        new DwcaSource.Options("speciesKey", "StillImage", false, null, null, 0, tmp.resolve("w")))) {
            List<MediaItem> it = drain(s);
            assertThat(it).hasSize(1);
            MediaItem i = it.get(0);
            assertThat(i.label()).isEqualTo("77");
            assertThat(i.sourceId()).isEqualTo("5");
            assertThat(i.license()).isEqualTo("CC0_1_0");
            assertThat(i.rightsHolder()).isEqualTo("Ann Creator");
            assertThat(i.fields())
                    .containsEntry("gbifID", "5")
                    .containsEntry("datasetKey", "ds-1")
                    .containsEntry("publisher", "Pub")
                    .containsEntry("species", "Quercus robur")
                    .containsEntry("speciesKey", "77");
            assertThat(s.stats().orphans()).isEqualTo(1);
            assertThat(s.stats().noLabel()).isEqualTo(1);
        }
    }

    @Test
    void defaultValuesAndEolMediaExtension() throws Exception {
        String meta = """
                <archive xmlns="http://rs.tdwg.org/dwc/text/">
                  <core fieldsTerminatedBy="," ignoreHeaderLines="1" rowType="http://rs.tdwg.org/dwc/terms/Taxon">
                    <files><location>taxa.csv</location></files>
                    <id index="0"/>
                    <field index="1" term="http://rs.tdwg.org/dwc/terms/scientificName"/>
                    <field index="2" term="http://rs.tdwg.org/dwc/terms/family" default="Fagaceae"/>
                    <field term="http://rs.tdwg.org/dwc/terms/kingdom" default="Plantae"/>
                  </core>
                  <extension fieldsTerminatedBy="," ignoreHeaderLines="1" rowType="http://eol.org/schema/media/Document">
                    <files><location>media.csv</location></files>
                    <coreid index="0"/>
                    <field index="1" term="http://rs.tdwg.org/ac/terms/accessURI"/>
                    <field index="2" term="http://purl.org/dc/terms/type"/>
                    <field index="3" term="http://ns.adobe.com/xap/1.0/rights/UsageTerms"/>
                    <field index="4" term="http://ns.adobe.com/xap/1.0/rights/Owner"/>
                  </extension>
                </archive>""";
        Path z = Archives.zip(
                tmp.resolve("eol.zip"),
                Archives.text(
                        "meta.xml",
                        meta,
                        "taxa.csv",
                        "id,name,family\nt-1,Quercus robur,\nt-2,Pinus sylvestris,Pinaceae\n",
                        "media.csv",
                        "id,uri,type,lic,owner\n"
                                + "t-1,http://h/q.jpg,http://purl.org/dc/dcmitype/StillImage,http://creativecommons.org/licenses/by/3.0/,\"Kew, Gardens\"\n"
                                + "t-2,http://h/p.jpg,http://purl.org/dc/dcmitype/StillImage,,\n"));
        List<MediaItem> byFamily = items(z, "family", "StillImage", false, null, null, 0);
        assertThat(byFamily).extracting(MediaItem::label).containsExactly("Fagaceae", "Pinaceae");
        assertThat(byFamily.get(0).rightsHolder()).isEqualTo("Kew, Gardens");
        assertThat(byFamily.get(0).license()).isEqualTo("http://creativecommons.org/licenses/by/3.0/");
        assertThat(byFamily.get(0).fields()).containsEntry("id", "t-1").containsEntry("kingdom", "Plantae");
        assertThat(items(z, "kingdom", "StillImage", false, null, null, 0))
                .extracting(MediaItem::label)
                .containsExactly("Plantae", "Plantae");
    }

    @Test
    void simpleCsvAndArchivesWithoutMediaSayWhy() throws Exception {
        Path simple = Archives.fixture(tmp, "0009886-250127130748423.zip");
        assertThatThrownBy(() -> items(simple, "species", "StillImage", false, null, null, 0))
                .isInstanceOf(DwcaException.class)
                .hasMessageContaining("SIMPLE_CSV")
                .hasMessageContaining("DWCA");
        Path old = Archives.fixture(tmp, "gbif-results.zip");
        assertThatThrownBy(() -> items(old, "species", "StillImage", false, null, null, 0))
                .isInstanceOf(DwcaException.class)
                .hasMessageContaining("no media extension");
    }
}
