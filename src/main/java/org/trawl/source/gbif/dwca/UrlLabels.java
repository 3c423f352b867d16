package org.trawl.source.gbif.dwca;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The labels of the occurrences that carry each media URL, and which URL (or URL and label) an item
 * already took. Memory: the {@link UrlSet} (about 27 bytes per distinct URL) plus one int and two bits
 * per distinct URL here: the first label met. Only a URL met under a second label gets a set of its
 * labels, so the sets hold at most one entry per media row and, in a real archive, a few per shared
 * image; a full URL -> label set map would cost a set per URL, shared or not.
 */
final class UrlLabels implements Closeable {
    private final UrlSet urls;
    private int[] firstLabel = new int[1024];
    /** URLs an item took under their first label. */
    private final BitSet taken = new BitSet();
    /** URL number -> every label met, in order; only URLs met under two labels or more. */
    private final Map<Integer, Shared> shared = new LinkedHashMap<>();
    /** URL number and a label other than its first that an item took (--shared-labels all). */
    private final Set<Long> takenUnderOther = new HashSet<>();

    /** A URL met under different labels: the URL and the label numbers, in the order met. */
    record Shared(String url, LinkedHashSet<Integer> labels) {}

    UrlLabels(Path workDir) throws IOException {
        urls = new UrlSet(workDir);
    }

    /** Records that a media row with this URL belongs to an occurrence with this label; returns the URL's number. */
    int vote(String url, int label) throws IOException {
        int n = urls.number(url);
        if (n < 0) {
            n = -1 - n;
            if (n == firstLabel.length) {
                firstLabel = Arrays.copyOf(firstLabel, n * 2);
            }
            firstLabel[n] = label;
            return n;
        }
        if (firstLabel[n] != label) {
            final int number = n;
            shared.computeIfAbsent(n, k -> new Shared(url, new LinkedHashSet<>(List.of(firstLabel[number]))))
                    .labels()
                    .add(label);
        }
        return n;
    }

    int sharedCount() {
        return shared.size();
    }

    /**
     * Takes the URL for an item: true the first time; with {@code perLabel}, the first time under this
     * label (one item per URL and label).
     */
    boolean take(int n, int label, boolean perLabel) {
        if (!perLabel || label == firstLabel[n]) {
            if (taken.get(n)) {
                return false;
            }
            taken.set(n);
            return true;
        }
        return takenUnderOther.add(((long) n << 32) | (label & 0xffffffffL));
    }

    /** The URLs met under different labels, by URL. */
    Map<String, Shared> shared() {
        Map<String, Shared> byUrl = new HashMap<>();
        for (Shared s : shared.values()) {
            byUrl.put(s.url(), s);
        }
        return byUrl;
    }

    /** The same in the order the archive first showed them shared. */
    List<Shared> sharedInOrder() {
        return new ArrayList<>(shared.values());
    }

    @Override
    public void close() throws IOException {
        urls.close();
    }
}
