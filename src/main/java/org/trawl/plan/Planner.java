package org.trawl.plan;

import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;
import org.trawl.checkpoint.KeyIndex;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.MediaItem;
import org.trawl.internal.Hashes;

/**
 * Places each source item in the dataset: sanitised label folder, subset (the source's own, else the
 * seeded split's), a stable key, this process's shard. An item whose key an earlier item with another
 * URL already has (every iNaturalist photo is "original.jpg") is renamed, never dropped; a repeat of a
 * key with the same URL is a duplicate. Streaming: memory is one compact index entry per planned key.
 */
public final class Planner {
    /** "~" and 8 hex digits: what {@link #renamed} adds to a stem. */
    public static final int RENAME_SUFFIX_LENGTH = 9;
    /** The suffix lengths tried in turn, should a renamed key be taken as well (a forged list). */
    private static final int[] SUFFIX_HEX = {8, 16, 40};

    private final PlanOptions options;
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder renamed = new LongAdder();
    private final LongAdder otherShards = new LongAdder();

    public Planner(PlanOptions options) {
        this.options = options;
    }

    /** Items of this shard dropped as repeats (same key, same URL). */
    public long duplicates() {
        return duplicates.sum();
    }

    /** Items of this shard whose name an earlier item with another URL had, renamed with a hash of their URL. */
    public long renamed() {
        return renamed.sum();
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
            dir.append(PathSanitizer.topSegment(subset));
        }
        if (item.path() != null && !item.path().isBlank()) {
            // the source's own layout (iiif: <manifest>/0001): every segment sanitised, never "..", never absolute
            java.util.List<String> kept = segments(item.path(), 0);
            if (!kept.isEmpty()) {
                stem = kept.remove(kept.size() - 1);
                for (String seg : kept) {
                    if (dir.length() > 0) {
                        dir.append('/');
                    } else {
                        seg = PathSanitizer.topSegment(seg);
                    }
                    dir.append(seg);
                }
                return placed(dir, stem, label, subset, item);
            }
        }
        if (label != null) {
            if (dir.length() > 0) {
                dir.append('/').append(label);
            } else {
                dir.append(PathSanitizer.topSegment(label));
            }
        }
        return placed(dir, stem, label, subset, item);
    }

    /**
     * The sanitised, non-blank segments of a source's path from index from on, split at '/' and '\\'
     * (by hand: a regex split per item showed in planning a million items).
     */
    private static java.util.List<String> segments(String path, int from) {
        java.util.List<String> kept = new java.util.ArrayList<>(4);
        int start = from;
        for (int i = from; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/' || path.charAt(i) == '\\') {
                if (i > start && !path.substring(start, i).isBlank()) {
                    kept.add(PathSanitizer.segment(path.substring(start, i)));
                }
                start = i + 1;
            }
        }
        return kept;
    }

    /** The item in folder dir (first segment already escaped) as stem; a stem at the top escaped too. */
    private static PlannedItem placed(StringBuilder dir, String stem, String label, String subset, MediaItem item) {
        if (dir.length() == 0) {
            stem = PathSanitizer.topSegment(stem);
            return new PlannedItem(stem, "", stem, label, subset, host(item.url()), item);
        }
        String d = dir.toString();
        return new PlannedItem(d + "/" + stem, d, stem, label, subset, host(item.url()), item);
    }

    /**
     * A source's intermediate file (iiif's tiles): under {@link StateLayout#INTERMEDIATE} as given, every
     * segment after it sanitised; no label or subset folder, since it is not part of the dataset.
     */
    private PlannedItem intermediate(MediaItem item) {
        StringBuilder dir =
                new StringBuilder(StateLayout.INTERMEDIATE.substring(0, StateLayout.INTERMEDIATE.length() - 1));
        java.util.List<String> kept = segments(item.path(), StateLayout.INTERMEDIATE.length());
        String stem = kept.isEmpty() ? Hashes.sha1Hex(item.url()) : kept.remove(kept.size() - 1);
        for (String seg : kept) {
            dir.append('/').append(seg);
        }
        return new PlannedItem(dir + "/" + stem, dir.toString(), stem, null, null, host(item.url()), item);
    }

    /**
     * The items this process owns, each key once. Every process of a sharded run sees every item, so each
     * renames the same items the same way: the index holds every planned key (of every shard) with a hash
     * of its URL, and a shard is chosen by the final key.
     */
    public Iterator<PlannedItem> plan(Iterator<MediaItem> items) {
        Iterator<Placed> all = planAll(items);
        return new Iterator<>() {
            PlannedItem next;

            @Override
            public boolean hasNext() {
                while (next == null && all.hasNext()) {
                    Placed p = all.next();
                    if (p.own()) {
                        next = p.item();
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

    /**
     * A planned item and where it belongs: to the whole plan (every shard's items, which the passes after the
     * download read) and to this process's shard (what it fetches and counts). Unsharded, both are the same.
     */
    public record Placed(PlannedItem item, boolean whole, boolean own) {}

    /**
     * The whole plan in one pass, each item marked with whether this process owns it: what {@link #plan} gives
     * and what a planner of {@link org.trawl.core.Shard#WHOLE} would give, without placing every item twice.
     * Items in neither are left out; the counters count this shard's, as {@link #plan} does.
     */
    public Iterator<Placed> planAll(Iterator<MediaItem> items) {
        KeyIndex seen = new KeyIndex(1 << 16);
        // intermediate keys never meet ordinary ones (".trawl" is escaped at the top of a path), so they have
        // an index of their own per view: this shard's keeps only the tiles of its own pages
        KeyIndex wholeTiles = new KeyIndex();
        KeyIndex ownTiles = options.shard().isWhole() ? wholeTiles : new KeyIndex();
        return new Iterator<>() {
            Placed next;
            boolean lastOwned = true;

            @Override
            public boolean hasNext() {
                while (next == null && items.hasNext()) {
                    PlannedItem p = place(items.next());
                    if (StateLayout.isIntermediate(p.key())) {
                        // an intermediate item (a tile) goes with the item before it (the page made from it),
                        // so the process that owns a page fetches all its tiles and can stitch it
                        boolean own = false;
                        if (!lastOwned) {
                            otherShards.increment();
                        } else if (ownTiles.put(p.key(), 0) != KeyIndex.ABSENT) {
                            duplicates.increment();
                        } else {
                            own = true;
                        }
                        boolean whole = ownTiles == wholeTiles ? own : wholeTiles.put(p.key(), 0) == KeyIndex.ABSENT;
                        if (whole || own) {
                            next = new Placed(p, whole, own);
                        }
                        continue;
                    }
                    int url = urlHash(p.url());
                    PlannedItem q = unique(p, url, seen);
                    boolean repeat = q == null;
                    if (repeat) {
                        q = p;
                    }
                    boolean owned = options.shard().owns(q.key());
                    lastOwned = owned;
                    if (!owned) {
                        otherShards.increment();
                    } else if (repeat) {
                        duplicates.increment();
                    } else if (q != p) {
                        renamed.increment();
                    }
                    if (!repeat) {
                        next = new Placed(q, true, owned);
                    }
                }
                return next != null;
            }

            @Override
            public Placed next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Placed p = next;
                next = null;
                return p;
            }
        };
    }

    /**
     * p itself when its key is new, p renamed when an earlier item with another URL has its key, null when
     * an earlier item with the same URL has it (a repeat). Keys are compared ignoring case, since on macOS and
     * Windows "Bird/a.jpg" and "bird/a.jpg" are one file. URLs are told apart by a 32-bit hash: two
     * different URLs under one name and one hash (about 1 in 4 billion) would count as a repeat.
     */
    private static PlannedItem unique(PlannedItem p, int url, KeyIndex seen) {
        int had = seen.putIfAbsent(p.key().toLowerCase(Locale.ROOT), url); // the same string when already lower case
        if (had == KeyIndex.ABSENT) {
            return p;
        }
        if (had == url) {
            return null;
        }
        for (int hex : SUFFIX_HEX) {
            PlannedItem r = renamed(p, hex);
            had = seen.putIfAbsent(r.key().toLowerCase(Locale.ROOT), url);
            if (had == KeyIndex.ABSENT) {
                return r;
            }
            if (had == url) {
                return null;
            }
        }
        return null; // three names taken by other URLs: only a list made to collide gets here
    }

    /** p with "~" and the first hex digits of SHA-1(url) after its stem: the same for the same URL in every run. */
    static PlannedItem renamed(PlannedItem p, int hexDigits) {
        String stem = p.stem() + "~" + Hashes.sha1Hex(p.url()).substring(0, hexDigits);
        String key = p.dir().isEmpty() ? stem : p.dir() + "/" + stem;
        return new PlannedItem(key, p.dir(), stem, p.label(), p.subset(), p.host(), p.item());
    }

    /** A URL's hash as stored in the key index, which keeps -1 for "absent". */
    private static int urlHash(String url) {
        int h = url.hashCode(); // defined by the language: the same in every run and process
        return h == KeyIndex.ABSENT ? 0 : h;
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
