package org.trawl.plan;

import org.trawl.core.Shard;

/** How items are placed: split, grouping, shard and seed. */
public record PlanOptions(SplitSpec split, String groupBy, Shard shard, long seed) {
    public static PlanOptions defaults() {
        return new PlanOptions(null, null, Shard.WHOLE, 0);
    }
}
