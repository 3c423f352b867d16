package org.trawl.plan;

import java.net.URI;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;
import org.trawl.checkpoint.KeyIndex;
import org.trawl.checkpoint.StateLayout;
import org.trawl.internal.Hashes;
import org.trawl.source.MediaItem;

/**
 * Places each source item in the dataset: sanitised label folder, subset (the source's own, else the
 * seeded split's), a stable key, this process's shard; drops repeats of a key already planned in this
 * run. Streaming: memory is one compact index entry per planned key.
 */
public final class Planner {
    private final PlanOptions options;
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder otherShards = new LongAdder();

    public Planner(PlanOptions options) {
        this.options = options;
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long otherShards() {
        return otherShards.sum();
    }

    /** Places one item, ignoring shard and duplicates. */
    public PlannedItem place(MediaItem item) {
        if (StateLayout.isIntermediate(item.path())) {
            return intermediate(item);
        }
        String label = item.label() == null || item.label().isEmpty() ? null : PathSanitizer.segment(item.label());
        String stem = item.basename() == null || item.basename().isBlank()
                ? Hashes.sha1Hex(item.url())
                : PathSanitizer.segment(item.basename());
        String subset = null;
        if (item.subset() != null && !item.subset().isBlank()) {
            subset = PathSanitizer.segment(item.subset()); // the source placed the item (a whole stream)
        } else if (options.split() != null) {
            String group = null;
            if (options.groupBy() != null) {
                group = item.field(options.groupBy());
            }
            // without a group, the item is its own group, named by the most stable id it has
            if (group == null) {
                group = item.sourceId() != null ? "id:" + item.sourceId() : "url:" + item.url();
            } else {
                group = "group:" + group;
            }
            subset = options.split().assign(options.seed(), group);
        }
        StringBuilder dir = new StringBuilder();
        if (subset != null) {
            dir.append(subset);
        }
        if (item.path() != null && !item.path().isBlank()) {
            // the source's own layout (iiif: <manifest>/0001): every segment sanitised, never "..", never absolute
            String[] segments = item.path().split("[/\\\\]+");
            java.util.List<String> kept = new java.util.ArrayList<>();
            for (String seg : segments) {
                if (!seg.isBlank()) {
                    kept.add(PathSanitizer.segment(seg));
                }
            }
            if (!kept.isEmpty()) {
                stem = kept.remove(kept.size() - 1);
                for (String seg : kept) {
                    if (dir.length() > 0) {
                        dir.append('/');
                    }
                    dir.append(seg);
                }
                String key = dir.length() == 0 ? stem : dir + "/" + stem;
                return new PlannedItem(key, dir.toString(), stem, label, subset, host(item.url()), item);
            }
        }
        if (label != null) {
            if (dir.length() > 0) {
                dir.append('/');
            }
            dir.append(label);
        }
        String key = dir.length() == 0 ? stem : dir + "/" + stem;
        return new PlannedItem(key, dir.toString(), stem, label, subset, host(item.url()), item);
    }

    /**
     * A source's intermediate file (iiif's tiles): under {@link StateLayout#INTERMEDIATE} as given, every
     * segment after it sanitised; no label or subset folder, since it is not part of the dataset.
     */
    private PlannedItem intermediate(MediaItem item) {
        StringBuilder dir = new StringBuilder(StateLayout.INTERMEDIATE.substring(0, StateLayout.INTERMEDIATE.length() - 1));
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (String seg : item.path().substring(StateLayout.INTERMEDIATE.length()).split("[/\\\\]+")) {
            if (!seg.isBlank()) {
                kept.add(PathSanitizer.segment(seg));
            }
        }
        String stem = kept.isEmpty() ? Hashes.sha1Hex(item.url()) : kept.remove(kept.size() - 1);
        for (String seg : kept) {
            dir.append('/').append(seg);
        }
        return new PlannedItem(dir + "/" + stem, dir.toString(), stem, null, null, host(item.url()), item);
    }

    /** The items this process owns, each key once. */
    public Iterator<PlannedItem> plan(Iterator<MediaItem> items) {
        KeyIndex seen = new KeyIndex(1 << 16);
        return new Iterator<>() {
            PlannedItem next;
            boolean lastOwned = true;

            @Override
            public boolean hasNext() {
                while (next == null && items.hasNext()) {
                    PlannedItem p = place(items.next());
                    // an intermediate item (a tile) goes with the item before it (the page made from it),
                    // so the process that owns a page fetches all its tiles and can stitch it
                    boolean owned = StateLayout.isIntermediate(p.key()) ? lastOwned : options.shard().owns(p.key());
                    if (!StateLayout.isIntermediate(p.key())) {
                        lastOwned = owned;
                    }
                    if (!owned) {
                        otherShards.increment();
                    } else if (seen.put(p.key(), 1) != KeyIndex.ABSENT) {
                        duplicates.increment();
                    } else {
                        next = p;
                    }
                }
                return next != null;
            }

            @Override
            public PlannedItem next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                PlannedItem p = next;
                next = null;
                return p;
            }
        };
    }

    /** The host an item is fetched from, for per-host limits and the summary. */
    public static String host(String url) {
        String plain = plainHost(url);
        if (plain != null) {
            return plain;
        }
        try {
            String h = URI.create(url).getHost();
            return h == null ? "?" : h;
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    /**
     * The host of an ordinary http(s) URL, read without parsing the whole URL (a full URI parse per item
     * was ~3 % of planning a 557k-item archive); null when anything is unusual (user info, IPv6, escapes,
     * non-ASCII), which then goes through {@link URI}.
     */
    static String plainHost(String url) {
        int start = url.startsWith("https://") ? 8 : url.startsWith("http://") ? 7 : -1;
        if (start < 0) {
            return null;
        }
        int i = start;
        for (; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == ':') {
                break;
            }
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                return null;
            }
        }
        if (i == start) {
            return null;
        }
        int end = i;
        if (i < url.length() && url.charAt(i) == ':') { // a port, or "user:password@": only digits are a port
            for (i++; i < url.length() && "/?#".indexOf(url.charAt(i)) < 0; i++) {
                if (url.charAt(i) < '0' || url.charAt(i) > '9') {
                    return null;
                }
            }
        }
        return url.substring(start, end);
    }
}
