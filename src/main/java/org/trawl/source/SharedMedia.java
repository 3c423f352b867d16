package org.trawl.source;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An image the source offered under more than one label (GBIF: one media URL on occurrences of
 * different species), listed in duplicates.csv as {@code shared_across_labels} and counted by --dry-run.
 *
 * @param url       the media URL
 * @param labels    every label its occurrences carry, in the order the source met them
 * @param keptUnder the labels the dataset files it under: none when it was left out (--shared-labels drop)
 */
@RegisterForReflection // read back from the gbif search cache file by Jackson
public record SharedMedia(String url, List<String> labels, List<String> keptUnder) {}
