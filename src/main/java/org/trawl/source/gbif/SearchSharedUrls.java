package org.trawl.source.gbif;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.trawl.core.MediaItem;
import org.trawl.source.SharedMedia;

/**
 * --shared-labels for a search: the labels each media URL is met under in the pages read so far (every
 * candidate media of an occurrence counts, not only the one picked), and which URLs the streams gave.
 * The streams are read lazily, so a URL may turn out shared after its stream gave it: with {@code drop}
 * such an item is owed back to its stream ({@link #owed}) and left out of the cache file, and the draw
 * takes the stream's next item instead, so that the streams still give their exact counts.
 *
 * <p>Memory: one entry per distinct URL read (its first label and what was given), about as much as the
 * cache file's lines already hold; only a shared URL gets a set of labels.
 */
final class SearchSharedUrls {
    private final SharedLabels mode;
    private final Map<String, State> byUrl = new HashMap<>();
    /** One String per label value, so the entries share them. */
    private final Map<String, String> labelNames = new HashMap<>();

    /** URLs given without a label (no --label): each once. */
    private final Set<String> givenUnlabelled = new HashSet<>();

    private final List<State> sharedInOrder = new ArrayList<>();
    private long[] owed;

    private static final class State {
        final String url;
        final String first;
        /** Every label met, in order; null while only the first. */
        LinkedHashSet<String> labels;
        /** The labels of the items given; the stream that gave the first. */
        final Set<String> given = new LinkedHashSet<>();

        int givenBy = -1;

        State(String url, String first) {
            this.url = url;
            this.first = first;
        }
    }

    SearchSharedUrls(SharedLabels mode, int streams) {
        this.mode = mode;
        this.owed = new long[streams];
    }

    /** An occurrence with this label carries this URL (a page was read). A null label does not count. */
    void seen(String url, String label) {
        if (label == null) {
            return;
        }
        String l = labelNames.computeIfAbsent(label, k -> k);
        State s = byUrl.get(url);
        if (s == null) {
            byUrl.put(url, new State(url, l));
            return;
        }
        if (s.labels == null && !s.first.equals(l)) {
            s.labels = new LinkedHashSet<>(List.of(s.first));
            sharedInOrder.add(s);
            if (mode == SharedLabels.DROP && s.givenBy >= 0) {
                owed[s.givenBy]++; // given before it was known shared: the stream gives another instead
            }
        }
        if (s.labels != null) {
            s.labels.add(l);
        }
    }

    /**
     * Whether a stream may give this item now: not a URL shared across labels (drop), not a URL given
     * already (drop, and first, which gives it under the first label met), not the same URL and label
     * given already (all). An item without a label is given once per URL.
     */
    boolean admits(MediaItem item) {
        if (item.label() == null) {
            return !givenUnlabelled.contains(item.url());
        }
        State s = byUrl.get(item.url()); // every candidate was seen when its page was read
        return switch (mode) {
            case DROP -> s.labels == null && s.given.isEmpty();
            case FIRST -> s.first.equals(item.label()) && s.given.isEmpty();
            case ALL -> !s.given.contains(item.label());
        };
    }

    /** Stream {@code stream} gave this item (which {@link #admits} let through). */
    void given(MediaItem item, int stream) {
        if (item.label() == null) {
            givenUnlabelled.add(item.url());
            return;
        }
        State s = byUrl.get(item.url());
        s.given.add(item.label());
        if (s.givenBy < 0) {
            s.givenBy = stream;
        }
    }

    /** Whether the cache keeps an item given earlier: not when its URL turned out shared (drop). */
    boolean keeps(String url, String label) {
        if (mode != SharedLabels.DROP || label == null) {
            return true;
        }
        State s = byUrl.get(url);
        return s == null || s.labels == null;
    }

    /** Per stream, the items given that turned out shared since the last call; then zero. */
    long[] takeOwed() {
        long[] o = owed;
        owed = new long[o.length];
        return o;
    }

    /** The URLs met under different labels, with the labels the kept items have. */
    List<SharedMedia> shared() {
        List<SharedMedia> out = new ArrayList<>(sharedInOrder.size());
        for (State s : sharedInOrder) {
            out.add(new SharedMedia(
                    s.url, List.copyOf(s.labels), mode == SharedLabels.DROP ? List.of() : List.copyOf(s.given)));
        }
        return out;
    }
}
