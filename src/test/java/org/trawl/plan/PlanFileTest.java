package org.trawl.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.Box;
import org.trawl.core.Checksum;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.core.Shard;

/** What the planning pass writes is what the passes after it read: every attribute, in plan order. */
class PlanFileTest {
    @TempDir
    Path tmp;

    static List<MediaItem> items() {
        Map<String, String> fields = new HashMap<>();
        fields.put("note", "a \"quoted\", multi\nline value ✓");
        fields.put("none", null);
        List<MediaItem> items = new ArrayList<>();
        items.add(new MediaItem(
                "https://a.example/x.jpg",
                "Quercus robur",
                "x.jpg",
                "src",
                "id",
                "CC0",
                "Jo",
                fields,
                null,
                new Checksum("md5", "00ff".repeat(8)),
                List.of(
                        new Box("leaf", 0.1, 0.2, Double.NaN, Double.POSITIVE_INFINITY, "b1", Map.of("k", "v")),
                        new Box("twig", 1e-300, 2, 3, 4)),
                null));
        items.add(MediaItem.of("https://a.example/y.jpg", "") // an empty label is no label folder
                .withBytes(5_000_000_000L)); // a size the source stated
        items.add(MediaItem.of("http://user@[::1]:8080/z.png", "a/b\\c")); // sanitised label, host through URI
        items.add(MediaItem.of("https://b.example/x.jpg", "Quercus robur").withSubset("val"));
        items.add(MediaItem.of("https://c.example/p", null).withPath("Book: one/0001"));
        items.add(MediaItem.of("https://c.example/t", null).withPath(".trawl/tiles/book/r0_c0")); // a tile
        items.add(MediaItem.of("https://b.example/x.jpg", "Quercus robur").withSubset("val")); // a repeat: planned once
        return items;
    }

    static List<PlannedItem> planned(Shard shard) {
        List<PlannedItem> out = new ArrayList<>();
        new Planner(new PlanOptions(SplitSpec.parse("train=8,test=2"), null, shard, 7))
                .plan(items().iterator())
                .forEachRemaining(out::add);
        return out;
    }

    static List<PlannedItem> read(CloseableIterator<PlannedItem> it) {
        List<PlannedItem> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    PlanFile write(Shard shard) {
        PlanFile file = PlanFile.in(tmp.resolve(".trawl"));
        Planner planner = new Planner(new PlanOptions(SplitSpec.parse("train=8,test=2"), null, shard, 7));
        try (PlanFile.Writer w = file.writer()) {
            Iterator<Planner.Placed> it = planner.planAll(items().iterator());
            while (it.hasNext()) {
                Planner.Placed p = it.next();
                w.write(p, p.item().url().endsWith("/p")); // the page is made by the source, not fetched
            }
        }
        return file;
    }

    @Test
    void everyAttributeComesBackAsPlanned() {
        PlanFile file = write(Shard.WHOLE);
        List<PlannedItem> expected = planned(Shard.WHOLE);
        assertThat(expected).hasSize(6);
        assertThat(read(file.whole())).containsExactlyElementsOf(expected); // equal records, boxes and fields too
        assertThat(read(file.toFetch()))
                .containsExactlyElementsOf(
                        expected.stream().filter(p -> !p.url().endsWith("/p")).toList());
        assertThat(read(file.whole()).get(0).item().boxes().get(0).width()).isNaN();
    }

    @Test
    void aShardFetchesItsOwnItemsAndReadsEveryShardsForThePassesAfter() {
        List<PlannedItem> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Shard shard = new Shard(i, 3);
            PlanFile file = write(shard);
            assertThat(read(file.whole())).containsExactlyElementsOf(planned(Shard.WHOLE));
            List<PlannedItem> own =
                    planned(shard).stream().filter(p -> !p.url().endsWith("/p")).toList();
            assertThat(read(file.toFetch())).containsExactlyElementsOf(own);
            all.addAll(planned(shard));
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(planned(Shard.WHOLE));
    }

    @Test
    void aNewPlanReplacesTheOldAndDeleteRemovesIt() {
        write(Shard.WHOLE);
        PlanFile file = PlanFile.in(tmp.resolve(".trawl"));
        try (PlanFile.Writer w = file.writer()) {
            w.write(
                    new Planner.Placed(
                            new Planner(PlanOptions.defaults()).place(MediaItem.of("https://a/1", "l")), true, true),
                    false);
        }
        assertThat(read(file.whole())).hasSize(1);
        file.delete();
        assertThat(file.path()).doesNotExist();
    }
}
