package org.trawl.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * One of a source's balanced streams, as {@code --dry-run} shows it (a line per stream, or the
 * {@code "streams"} array of {@code --json}).
 *
 * @param stream   its name: the split terms and their values ("country=US,year=2020"), or "all"
 * @param query    the same as a map (term to value)
 * @param count    the items the stream offers
 * @param weight   its weight in the mix
 * @param expected the items the mix is expected to take from it, or null without a total
 * @param cap      --samples-per-stream, or null
 * @param parts    the API queries the stream was split into (GBIF search's 100k cap), or null
 * @param taken    the items the mix took
 * @param subset   the subset --subset-streams puts it in, or null
 * @param shortfall how many items short of its share of the total the stream is because it holds too few
 *                 (the exact mix: the other streams made them up), or null
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS) // "expected": null says "no total", unlike the trawl-wide NON_NULL
public record StreamSummary(
        String stream,
        Map<String, String> query,
        long count,
        double weight,
        Long expected,
        Long cap,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long parts,
        long taken,
        @JsonInclude(JsonInclude.Include.NON_NULL) String subset,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long shortfall) {}
