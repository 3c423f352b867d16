package org.trawl.source.gbif;

import java.util.Locale;

/**
 * {@code --shared-labels}: what becomes of an image whose occurrences carry different labels (one drawer
 * photo of several species). Occurrences without a label do not count; occurrences that agree make no
 * difference, since trawl keeps one item per URL and label.
 */
public enum SharedLabels {
    /** Left out of the dataset and listed in duplicates.csv (kind shared_across_labels). */
    DROP,
    /** Filed under the label of the first occurrence that carries it and has a label. */
    FIRST,
    /** Filed under every label its occurrences carry: one item per label, each fetched. */
    ALL;

    /** The option's spellings, for help texts and errors. */
    public static final String CHOICES = "drop, first, all";

    /** The value named by {@code s} (any case), or null when it names none. */
    public static SharedLabels parse(String s) {
        for (SharedLabels v : values()) {
            if (v.name().equalsIgnoreCase(s.strip())) {
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
