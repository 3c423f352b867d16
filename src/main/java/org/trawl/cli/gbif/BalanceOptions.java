package org.trawl.cli.gbif;

import java.util.List;
import org.trawl.core.TrawlException;
import org.trawl.plan.PlanOptions;
import org.trawl.source.gbif.Balancer;
import org.trawl.source.gbif.SubsetStreams;
import picocli.CommandLine.Option;

/**
 * gbif-dl's balancing options, shared by {@code gbif search} and {@code gbif dwca} so both read and
 * check them the same way (each command declares its own --split-streams-by: query keys for search,
 * archive terms for dwca).
 */
public class BalanceOptions {
    @Option(
            names = "--samples",
            paramLabel = "N",
            description = "Total items to draw from the streams; -1: min(stream count) x number of streams.")
    Long samples;

    @Option(names = "--samples-per-stream", paramLabel = "N", description = "At most N items from each stream.")
    Long perStream;

    @Option(
            names = "--weighted",
            description = "Draw from each stream in proportion to its count (keeps the "
                    + "original distribution in a smaller sample) instead of evenly.")
    boolean weighted;

    @Option(
            names = "--mix",
            paramLabel = "HOW",
            defaultValue = "exact",
            description = "exact (default): every stream gives exactly its share of --samples (-1: min(stream "
                    + "count) from each), a stream that cannot gives all it has and the others make up the rest; "
                    + "stochastic: gbif-dl's seeded random draw, balanced on average only.")
    String mix;

    @Option(
            names = "--subset-streams",
            paramLabel = "RULES",
            description = "Whole streams to subsets (gbif-dl's subset_streams), e.g. 'train:speciesKey=1,2;test:*': "
                    + "rules SUBSET:KEY=V,...[&KEY=V,...] or SUBSET:* separated by ';', the first match wins; a stream "
                    + "no rule takes is an error. Instead of --split.")
    String subsetStreams;

    /** --mix as read by {@link #validate()}. */
    Balancer.Mix mix() {
        return "stochastic".equalsIgnoreCase(mix.strip()) ? Balancer.Mix.STOCHASTIC : Balancer.Mix.EXACT;
    }

    /** Rejects values gbif-dl has no meaning for, as a usage error. */
    void validate() {
        if (!mix.strip().equalsIgnoreCase("exact") && !mix.strip().equalsIgnoreCase("stochastic")) {
            throw TrawlException.usage("--mix must be exact or stochastic, not '" + mix + "'");
        }
        if (samples != null && samples != -1 && samples < 1) {
            throw TrawlException.usage("--samples must be -1 or at least 1");
        }
        if (perStream != null && perStream < 1) {
            throw TrawlException.usage("--samples-per-stream must be at least 1");
        }
    }

    /** The parsed --subset-streams over the --split-streams-by keys, or null; a usage error when bad or beside --split. */
    SubsetStreams subsets(List<String> splitBy, PlanOptions plan) {
        if (subsetStreams == null) {
            return null;
        }
        if (plan.split() != null) {
            throw TrawlException.usage("--subset-streams and --split both choose subsets: give one");
        }
        try {
            return SubsetStreams.parse(subsetStreams, splitBy);
        } catch (IllegalArgumentException e) {
            throw TrawlException.usage("--subset-streams: " + e.getMessage());
        }
    }
}
