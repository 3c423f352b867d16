package org.trawl.source.gbif.dwca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.source.SharedMedia;
import org.trawl.source.gbif.SharedLabels;
import org.trawl.testing.Archives;
import org.trawl.testing.Archives.Media;
import org.trawl.testing.Archives.Occ;

/**
 * An image that occurrences of different species share (a drawer photo), on the recorded KU entomology
 * download: 215 media rows with 17 URLs, 9 of them on occurrences of 2 to 7 species. The expected counts
 * were worked out from multimedia.txt and occurrence.txt by hand (a script), not by trawl.
 */
class DwcaSharedLabelsTest {
    /** The URLs' file names (the host is the test's) and the speciesKeys their occurrences carry, in order. */
    static final Map<String, List<String>> SHARED = Map.of(
            "sp65796921642024007584.att.JPG",
            List.of("1355470", "1340499", "1335272", "1354666", "1351670", "1340426", "1354050"),
            "sp64073344132721992399.att.JPG",
            List.of("1340467", "1340421", "1355850", "1340347", "1340393", "5039198", "1358042", "5038677", "1357501"));

    @TempDir
    Path tmp;

    record Run(Map<String, Long> perLabel, List<SharedMedia> shared, DwcaSource.Stats stats) {}

    Run run(SharedLabels mode, boolean allMedia, DwcaSource.Balance balance) throws Exception {
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve(mode + "-" + allMedia + "-" + (balance != null)));
        Path zip = Archives.realGbifDownload(dir, "http://h");
        try (DwcaArchive a = DwcaArchive.open(zip);
                DwcaSource s = DwcaSource.open(
                        a,
                        new DwcaSource.Options(
                                "speciesKey",
                                "StillImage",
                                allMedia,
                                null,
                                null,
                                3,
                                tmp.resolve("work-" + mode),
                                balance,
                                mode))) {
            Map<String, Long> perLabel = new TreeMap<>();
            try (CloseableIterator<MediaItem> it = s.items()) {
                it.forEachRemaining(i -> perLabel.merge(i.label(), 1L, Long::sum));
            }
            return new Run(perLabel, s.sharedAcrossLabels(), s.stats());
        }
    }

    @Test
    void byDefaultAnImageOfSeveralSpeciesIsLeftOut() throws Exception {
        Run r = run(SharedLabels.DROP, false, null);

        // 8 URLs whose occurrences agree; occurrence 727496415 (3131479) has two of them and gives one
        assertThat(r.perLabel())
                .containsExactly(
                        entry("2729985", 3L), entry("3131479", 1L), entry("4037354", 1L), entry("4058851", 1L));
        assertThat(r.shared())
                .hasSize(9)
                .allSatisfy(m -> assertThat(m.keptUnder()).isEmpty());
        assertThat(r.stats().sharedUrls()).isEqualTo(9);
        SHARED.forEach((file, labels) -> assertThat(r.shared())
                .filteredOn(m -> m.url().endsWith(file))
                .singleElement()
                .satisfies(m -> assertThat(m.labels()).containsExactlyElementsOf(labels)));
        assertThat(run(SharedLabels.DROP, true, null).perLabel())
                .as("every media of an occurrence")
                .containsExactly(
                        entry("2729985", 3L), entry("3131479", 2L), entry("4037354", 1L), entry("4058851", 1L));
    }

    @Test
    void firstKeepsTheLabelOfTheFirstLabelledOccurrence() throws Exception {
        Run r = run(SharedLabels.FIRST, false, null);

        assertThat(r.perLabel())
                .containsExactly(
                        entry("1335047", 1L),
                        entry("1336098", 1L),
                        entry("1340393", 1L),
                        entry("1340467", 2L),
                        entry("1355470", 2L),
                        entry("1357243", 1L),
                        entry("1358212", 1L),
                        entry("2729985", 3L),
                        entry("3131479", 1L),
                        entry("4037354", 1L),
                        entry("4058851", 1L));
        assertThat(r.shared()).hasSize(9);
        assertThat(r.shared())
                .filteredOn(m -> m.url().endsWith("sp65796921642024007584.att.JPG"))
                .singleElement()
                .satisfies(m -> assertThat(m.keptUnder()).containsExactly("1355470"));
    }

    @Test
    void allKeepsOneItemPerLabel() throws Exception {
        Run r = run(SharedLabels.ALL, true, null);

        Map<String, Long> expected = new TreeMap<>();
        for (String l : List.of(
                "1335047", "1335272", "1336098", "1340347", "1340369", "1340373", "1340421", "1340426", "1340470",
                "1340478", "1340499", "1350128", "1351670", "1354050", "1354666", "1355850", "1356988", "1357243",
                "1357773", "1357832", "1357954", "1358042", "1358212", "4037354", "4058851", "5038677", "5039198")) {
            expected.put(l, 1L);
        }
        for (String l : List.of("1340393", "1340429", "1355470", "1357501", "3131479")) {
            expected.put(l, 2L);
        }
        expected.put("2729985", 3L);
        expected.put("1340467", 4L);
        assertThat(r.perLabel()).isEqualTo(expected);
        assertThat(r.perLabel().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(44);
        SHARED.forEach((file, labels) -> assertThat(r.shared())
                .filteredOn(m -> m.url().endsWith(file))
                .singleElement()
                .satisfies(m -> assertThat(m.keptUnder()).containsExactlyInAnyOrderElementsOf(labels)));
    }

    @Test
    void balancedStreamsNeverCountALeftOutImage() throws Exception {
        DwcaSource.Balance b = new DwcaSource.Balance(List.of("speciesKey"), -1L, null, false);

        Run r = run(SharedLabels.DROP, false, b);

        assertThat(r.perLabel())
                .containsExactly(
                        entry("2729985", 1L), entry("3131479", 1L), entry("4037354", 1L), entry("4058851", 1L));
        assertThat(r.stats().items()).isEqualTo(4);
    }

    @Test
    void labelsOfOccurrencesAgreeingOrWithoutLabelDoNotMakeAnImageShared() throws Exception {
        List<Occ> occ = new ArrayList<>();
        occ.add(new Occ("1", "A", "a", "CC0_1_0"));
        occ.add(new Occ("2", "A", "a", "CC0_1_0"));
        occ.add(new Occ("3", "", "", "CC0_1_0"));
        occ.add(new Occ("4", "B", "b", "CC0_1_0"));
        occ.add(new Occ("5", "C", "c", "CC0_1_0"));
        List<Media> media = new ArrayList<>();
        media.add(new Media("1", "StillImage", "http://h/ab.jpg", "", "", ""));
        media.add(new Media("2", "StillImage", "http://h/ab.jpg", "", "", ""));
        media.add(new Media("3", "StillImage", "http://h/ab.jpg", "", "", ""));
        media.add(new Media("4", "StillImage", "http://h/b.jpg", "", "", ""));
        media.add(new Media("5", "StillImage", "http://h/b.jpg", "", "", ""));
        media.add(new Media("5", "StillImage", "http://h/c.jpg", "", "", ""));
        Path zip = Archives.zip(tmp.resolve("small.zip"), Archives.gbif(occ, media));
        try (DwcaArchive a = DwcaArchive.open(zip);
                DwcaSource s = DwcaSource.open(
                        a,
                        new DwcaSource.Options(
                                "speciesKey",
                                "StillImage",
                                false,
                                null,
                                null,
                                1,
                                tmp.resolve("w"),
                                null,
                                SharedLabels.DROP))) {
            List<MediaItem> items = new ArrayList<>();
            try (CloseableIterator<MediaItem> it = s.items()) {
                it.forEachRemaining(items::add);
            }
            assertThat(items)
                    .extracting(MediaItem::url, MediaItem::label)
                    .as("occurrence 5 gives its other image once b.jpg is known to show two species")
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("http://h/ab.jpg", "A"),
                            org.assertj.core.groups.Tuple.tuple("http://h/c.jpg", "C"));
            assertThat(s.sharedAcrossLabels())
                    .containsExactly(new SharedMedia("http://h/b.jpg", List.of("B", "C"), List.of()));
        }
    }

    @Test
    void leavingSharedImagesOutCountsEveryMediaRowOnceUnderTheFirstFilterThatDropsIt() throws Exception {
        List<Occ> occ = List.of(
                new Occ("1", "A", "a", "CC0_1_0"),
                new Occ("2", "B", "b", "CC0_1_0"),
                new Occ("3", "", "", "CC0_1_0"),
                new Occ("4", "C", "c", "All Rights Reserved"),
                new Occ("5", "D", "d", "CC0_1_0"),
                new Occ("6", "E", "e", "CC0_1_0"));
        List<Media> media = List.of(
                new Media("1", "StillImage", "http://h/a.jpg", "", "", ""), // kept
                new Media("1", "StillImage", "ftp://h/a.jpg", "", "", ""), // no http(s) URL
                new Media("1", "Sound", "http://h/s.mp3", "", "", ""), // another type
                new Media("99", "StillImage", "http://h/o.jpg", "", "", ""), // no occurrence
                new Media("3", "StillImage", "http://h/n.jpg", "", "", ""), // no label
                new Media("4", "StillImage", "http://h/c.jpg", "", "", ""), // licence refused
                new Media("2", "StillImage", "http://h/shared.jpg", "", "", ""), // shared: B, D, C
                new Media("5", "StillImage", "http://h/shared.jpg", "", "", ""),
                new Media("1", "StillImage", "http://h/a.jpg", "", "", ""), // a repeat
                new Media("6", "StillImage", "http://h/e.jpg", "", "", ""), // kept
                new Media("4", "StillImage", "http://h/shared.jpg", "", "", "")); // shared before its licence
        Path zip = Archives.zip(tmp.resolve("filters.zip"), Archives.gbif(occ, media));
        try (DwcaArchive a = DwcaArchive.open(zip);
                DwcaSource s = DwcaSource.open(
                        a,
                        new DwcaSource.Options(
                                "speciesKey",
                                "StillImage",
                                false,
                                null,
                                "CC0",
                                1,
                                tmp.resolve("w"),
                                null,
                                SharedLabels.DROP))) {
            List<String> urls = new ArrayList<>();
            try (CloseableIterator<MediaItem> it = s.items()) {
                it.forEachRemaining(i -> urls.add(i.url()));
            }
            assertThat(urls).containsExactly("http://h/a.jpg", "http://h/e.jpg");
            DwcaSource.Stats st = s.stats();
            assertThat(List.of(
                            st.mediaRows(),
                            st.noUrl(),
                            st.otherType(),
                            st.orphans(),
                            st.noLabel(),
                            st.otherLicense(),
                            st.sharedRows(),
                            st.duplicateUrls(),
                            st.candidates(),
                            st.items(),
                            st.sharedUrls()))
                    .as(
                            "rows, no URL, type, orphans, no label, licence, shared, repeats, candidates, items, shared URLs")
                    .containsExactly(11L, 1L, 1L, 1L, 1L, 1L, 3L, 1L, 2L, 2L, 1L);
        }
    }
}
