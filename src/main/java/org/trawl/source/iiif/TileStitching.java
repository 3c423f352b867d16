package org.trawl.source.iiif;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.MergedState;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.MediaItem;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageTransform;
import org.trawl.image.codec.JpegDecoder;
import org.trawl.image.codec.MaxSizeTransform;
import org.trawl.image.codec.TileStitcher;
import org.trawl.internal.Hashes;
import org.trawl.plan.PathSanitizer;
import org.trawl.plan.PlannedItem;
import org.trawl.plan.Planner;
import org.trawl.source.AfterFetch;

/**
 * {@code --full-resolution}: the pages fetched as tiles are made here once the engine is done.
 *
 * <p>Why a post-fetch step and not a {@code DatasetSink}: the page must be in the checkpoint (so
 * metadata.csv, failures.csv, downloaded_images.txt and a re-run see it like any fetched image), and
 * sinks run after the tables are written and the checkpoint is closed. The tiles themselves are
 * ordinary items fetched by the engine (concurrency, per-host cap, retries, Range, validation,
 * checkpoint) into {@code OUT/.trawl/tiles/}, which keeps them out of the dataset and its tables.
 *
 * <p>A page is stitched when every tile is in; written aside ({@code .part}), downscaled by -w or
 * --max-size if asked, renamed into place, recorded, and only then are its tiles deleted. A page
 * already stitched is left alone unless its tiles were fetched again since (--overwrite). A tile that
 * failed fails its page, with the tile named in failures.csv; the next run fetches only that tile.
 */
final class TileStitching {
    static final String FIELD = "stitched_tiles";

    /** A page and its tiles, row by row. */
    record Page(MediaItem item, TileGrid grid, List<MediaItem> tiles) {}

    private final AfterFetch run;
    private final Planner planner;

    TileStitching(AfterFetch run) {
        this.run = run;
        this.planner = new Planner(run.plan());
    }

    static Page page(MediaItem page, TileGrid grid, String path) {
        List<MediaItem> tiles = new ArrayList<>(grid.count());
        for (int r = 0; r < grid.rows(); r++) {
            for (int c = 0; c < grid.columns(); c++) {
                tiles.add(new MediaItem(
                                grid.url(r, c), null, null, IiifSource.SOURCE, page.sourceId(), null, null, Map.of())
                        .withPath(StateLayout.INTERMEDIATE + path + "/" + name(r, c)));
            }
        }
        return new Page(page, grid, List.copyOf(tiles));
    }

    static String name(int row, int column) {
        return "r" + row + "_c" + column;
    }

    void stitchAll(List<Page> pages) {
        Map<String, ItemRecord> latest = new HashMap<>();
        MergedState.forEach(run.out(), r -> latest.put(r.key(), r), r -> latest.put(r.key(), r));
        int made = 0;
        int failed = 0;
        long start = System.nanoTime();
        for (Page page : pages) {
            PlannedItem p = planner.place(page.item());
            if (!run.plan().shard().owns(p.key())) {
                continue;
            }
            Boolean ok = stitch(page, p, latest);
            if (ok == Boolean.TRUE) {
                made++;
            } else if (ok == Boolean.FALSE) {
                failed++;
            }
        }
        if (made > 0 || failed > 0) {
            run.err()
                    .println(String.format(
                            Locale.ROOT,
                            "trawl: %d image(s) stitched from their tiles in %.1fs " + "(--full-resolution)%s",
                            made,
                            (System.nanoTime() - start) / 1e9,
                            failed > 0 ? ", " + failed + " could not be (see failures.csv)" : ""));
        }
    }

    /** True when stitched now, false when it failed, null when it was already done. */
    private Boolean stitch(Page page, PlannedItem p, Map<String, ItemRecord> latest) {
        ItemRecord done = latest.get(p.key());
        List<PlannedItem> tiles = page.tiles().stream().map(planner::place).toList();
        if (done != null
                && done.done()
                && done.path() != null
                && Files.exists(run.out().resolve(done.path()))
                && !fetchedSince(tiles, latest, done)) {
            deleteTiles(tiles, latest); // left over if a run stopped between the record and the clean-up
            return null;
        }
        TileGrid g = page.grid();
        List<List<Path>> files = new ArrayList<>();
        String problem = null;
        int problems = 0;
        boolean tileFailed = false;
        for (int r = 0; r < g.rows(); r++) {
            List<Path> row = new ArrayList<>();
            for (int c = 0; c < g.columns(); c++) {
                PlannedItem t = tiles.get(r * g.columns() + c);
                ItemRecord rec = latest.get(t.key());
                String why = null;
                if (rec == null) {
                    why = "was not fetched";
                } else if (!rec.done()) {
                    why = "failed: " + rec.reason();
                    tileFailed = true;
                } else if (rec.path() == null || !Files.exists(run.out().resolve(rec.path()))) {
                    why = "is missing from disk (it is fetched again on the next run)";
                    forget(rec, "tile file missing");
                } else {
                    row.add(run.out().resolve(rec.path()));
                }
                if (why != null) {
                    problems++;
                    if (problem == null) {
                        problem = describe(g, r, c) + " " + why;
                    }
                }
            }
            files.add(row);
        }
        if (problem != null) {
            String reason = problem + (problems > 1 ? " (and " + (problems - 1) + " more tile(s))" : "");
            fail(p, reason, !tileFailed);
            return false;
        }
        try {
            ItemRecord rec = write(p, page, files);
            append(rec);
            deleteTiles(tiles, latest);
            return true;
        } catch (TileStitcher.TileException e) {
            PlannedItem t = tiles.get(e.row() * g.columns() + e.column());
            forget(latest.get(t.key()), e.getMessage());
            fail(p, describe(g, e.row(), e.column()) + ": " + e.getMessage(), true);
            return false;
        } catch (IOException | RuntimeException e) {
            fail(p, "stitching failed: " + e.getMessage(), true);
            return false;
        }
    }

    private static String describe(TileGrid g, int r, int c) {
        return "tile " + name(r, c) + " (region " + g.region(r, c) + ", " + g.url(r, c) + ")";
    }

    /** Whether a tile was fetched again after the page was stitched (--overwrite): then it is stitched again. */
    private static boolean fetchedSince(List<PlannedItem> tiles, Map<String, ItemRecord> latest, ItemRecord page) {
        long at = page.time() == null ? 0 : page.time();
        for (PlannedItem t : tiles) {
            ItemRecord r = latest.get(t.key());
            if (r != null && r.done() && r.time() != null && r.time() > at && r.path() != null) {
                return true;
            }
        }
        return false;
    }

    /** Stitches to NNNN.jpg.part, applies -w/--max-size, renames into place; returns the page's record. */
    private ItemRecord write(PlannedItem p, Page page, List<List<Path>> files) throws IOException {
        Path dir = p.dir().isEmpty() ? run.out() : PathSanitizer.inside(run.out(), p.dir());
        Files.createDirectories(dir);
        Path target = dir.resolve(p.stem() + ".jpg");
        Path part = dir.resolve(p.stem() + ".jpg.part");
        try {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
                new TileStitcher(MaxSizeTransform.DEFAULT_QUALITY)
                        .stitch(files, page.grid().widths(), page.grid().heights(), os);
            }
            ImageTransform.Result t =
                    run.transform() == null ? null : run.transform().apply(part, ImageFormat.JPEG);
            int[] wh;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(part))) {
                JpegDecoder.Header h = new JpegDecoder(in).readHeader();
                wh = new int[] {h.width(), h.height()};
            }
            String sha = Hashes.sha256Hex(part);
            long bytes = Files.size(part);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            MediaItem m = page.item();
            Map<String, String> fields = new LinkedHashMap<>(m.fields());
            fields.put(FIELD, Integer.toString(page.grid().count()));
            if (t != null && t.changed()) {
                fields.put(ItemRecord.SOURCE_WIDTH, Integer.toString(width(page.grid())));
                fields.put(ItemRecord.SOURCE_HEIGHT, Integer.toString(height(page.grid())));
            }
            String rel = run.out()
                    .toAbsolutePath()
                    .normalize()
                    .relativize(target.toAbsolutePath().normalize())
                    .toString()
                    .replace('\\', '/');
            return new ItemRecord(
                    p.key(),
                    ItemRecord.DONE,
                    m.url(),
                    rel,
                    p.label(),
                    p.subset(),
                    m.source(),
                    m.sourceId(),
                    m.license(),
                    m.rightsHolder(),
                    sha,
                    bytes,
                    wh[0],
                    wh[1],
                    "image/jpeg",
                    null,
                    1,
                    fields,
                    System.currentTimeMillis());
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static int width(TileGrid g) {
        int w = 0;
        for (int x : g.widths()) {
            w += x;
        }
        return w;
    }

    private static int height(TileGrid g) {
        int h = 0;
        for (int x : g.heights()) {
            h += x;
        }
        return h;
    }

    /**
     * Records the page as failed. The run already counts a tile that failed in the engine; a page
     * that fails for another reason (a tile missing or unreadable) is counted here, so the run exits 3.
     */
    private void fail(PlannedItem p, String reason, boolean count) {
        append(p.failed(reason, 1));
        if (count) {
            run.stats().failure(reason.length() > 60 ? "stitching failed" : reason, p.host());
        }
    }

    /** Marks a tile failed so the next run fetches it again (the engine skips a tile it thinks done). */
    private void forget(ItemRecord tile, String why) {
        if (tile != null) {
            append(tile.asFailed(why));
        }
    }

    private void append(ItemRecord r) {
        try {
            run.store().append(r).join();
        } catch (CompletionException e) {
            throw new IllegalStateException(
                    "could not write the checkpoint: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Deletes the tile files of a stitched page and the folders they leave empty. */
    private void deleteTiles(List<PlannedItem> tiles, Map<String, ItemRecord> latest) {
        Path folder = null;
        for (PlannedItem t : tiles) {
            ItemRecord r = latest.get(t.key());
            try {
                if (r != null && r.path() != null) {
                    Path f = run.out().resolve(r.path());
                    Files.deleteIfExists(f);
                    folder = f.getParent();
                }
            } catch (IOException e) {
                run.err().println("trawl: could not delete the tile " + r.path() + ": " + e.getMessage());
            }
        }
        Path stop = StateLayout.root(run.out()).resolve("tiles");
        for (Path d = folder; d != null && d.startsWith(stop) && !d.equals(stop.getParent()); d = d.getParent()) {
            if (!isEmptyDir(d)) {
                break;
            }
            try {
                Files.delete(d);
            } catch (IOException e) {
                break;
            }
        }
    }

    private static boolean isEmptyDir(Path d) {
        if (!Files.isDirectory(d)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
