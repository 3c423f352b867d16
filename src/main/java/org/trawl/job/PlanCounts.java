package org.trawl.job;

import java.util.Map;

/**
 * What the planning pass found: how many items, how many an earlier run already settled, and how
 * they fall into labels and subsets (both sorted by name).
 *
 * @param renamed  items renamed because an earlier item with another URL had their name
 * @param repeated repeats of an item (same name, same URL) left out of the plan
 * @param bytesStated      the sum of the sizes the source stated for the items (see {@code MediaItem.bytes})
 * @param itemsWithBytes   how many of the items had one: the sum covers these only
 * @param shared   images the source offered under more than one label ({@code MediaSource#sharedAcrossLabels})
 * @param sharedLeftOut those of them the plan holds under no label
 */
public record PlanCounts(
        long items,
        long alreadyDone,
        long previouslyFailed,
        long dropped,
        long renamed,
        long repeated,
        Map<String, Long> labels,
        Map<String, Map<String, Long>> subsets,
        long bytesStated,
        long itemsWithBytes,
        long shared,
        long sharedLeftOut) {

    /** Items this run has to fetch (neither done nor dropped before). */
    public long toFetch() {
        return items - alreadyDone - dropped;
    }
}
