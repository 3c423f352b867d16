package org.trawl.source.iiif;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.core.RequestFallback;
import org.trawl.core.TrawlException;
import org.trawl.image.ImageTransform;
import org.trawl.image.codec.MaxWidthTransform;
import org.trawl.internal.Hashes;
import org.trawl.source.DatasetSink;
import org.trawl.source.MediaSource;

/**
 * The IIIF source: one input (a Collection nested to any depth, a Manifest, Sequence, Canvas, an
 * Image API info.json, or a local file of such URLs) becomes one item per image, laid out like
 * iiif_downloader: a folder per document named from its id, images numbered {@code NNNN} from 0000
 * in reading order (the engine adds the extension of the format served).
 *
 * <p>All documents are fetched once, concurrently, by {@link #resolve()}, which the command calls before
 * it touches the output folder (a bad input fails there); the items are kept in memory (a few hundred
 * bytes each) until the run reads them, with the pages {@link #afterFetch} stitches. A member of
 * a collection that cannot be read is reported on stderr and counted in {@link #problems()}; the
 * others carry on.
 */
public final class IiifSource implements MediaSource {
    public static final String SOURCE = "iiif";

    /** The item field naming the image's service (its base URI), in metadata.csv and for {@link OwnLimits}. */
    static final String SERVICE_FIELD = "image_service";

    /**
     * @param input       a URL or a local file (a IIIF JSON document, or URLs one per line)
     * @param maxWidth    the -w limit in pixels, or -1 for the largest size the server gives
     * @param metadataCsv the vgg_frontend CSV to write (-m), or null
     * @param fullResolution --full-resolution: an image the server caps below what is wanted is fetched
     *                    as tiles and stitched, when its server advertises tiles
     */
    public record Options(String input, int maxWidth, Path metadataCsv, int threads, boolean fullResolution) {
        public Options(String input, int maxWidth, Path metadataCsv, int threads) {
            this(input, maxWidth, metadataCsv, threads, false);
        }
    }

    private final Options options;
    private final DocumentClient client;
    private final PrintStream err;
    private final AtomicInteger problems = new AtomicInteger();
    private final AtomicInteger unreadableInfo = new AtomicInteger();
    private List<MediaItem> items;
    /** The pages fetched as tiles (--full-resolution), each made in {@link #afterFetch}. */
    private final List<TileStitching.Page> pages = new ArrayList<>();

    private final Set<MediaItem> stitched = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Whether the input holds several documents (a collection or a list): then a bad one is skipped, not fatal. */
    private boolean container;

    private int withoutService;

    /** Each image service the plan asks, by id, and those whose own info.json was read for it. */
    private final Map<String, ImageService> planned = new ConcurrentHashMap<>();

    private final Set<String> ownInfoRead = ConcurrentHashMap.newKeySet();
    private final OwnLimits ownLimits;

    public IiifSource(Options options, DocumentClient client, PrintStream err) {
        this.options = options;
        this.client = client;
        this.err = err;
        this.ownLimits = new OwnLimits(client, options.maxWidth(), options.fullResolution(), planned, ownInfoRead);
    }

    /** Documents that could not be read (members of a collection or lines of a list); the run exits 3 if any. */
    @Override
    public int unreadInputs() {
        return problems();
    }

    public int problems() {
        return problems.get();
    }

    @Override
    public CloseableIterator<MediaItem> items() {
        if (items == null) {
            resolve();
        }
        return CloseableIterator.of(items.iterator());
    }

    @Override
    public List<DatasetSink> sinks(Path out) {
        List<DatasetSink> sinks = new ArrayList<>();
        sinks.add(new DownloadedImagesList(out.resolve("downloaded_images.txt")));
        if (options.metadataCsv() != null) {
            sinks.add(new VggFrontendCsv(options.metadataCsv()));
        }
        return sinks;
    }

    /** An image refused at the size its server's info.json allows is asked again within its own limits. */
    @Override
    public RequestFallback requestFallback() {
        return ownLimits;
    }

    /** A page stitched from tiles is made after the download, not fetched. */
    @Override
    public boolean derived(MediaItem item) {
        return stitched.contains(item);
    }

    /** Tells how many images were asked again within their own limits, then stitches every page whose tiles are all in (see {@link TileStitching}). */
    @Override
    public void afterFetch(org.trawl.source.AfterFetch run) {
        if (ownLimits.asked() > 0) {
            run.err()
                    .println("trawl: " + ownLimits.asked() + " image(s) refused the size asked and were asked "
                            + "again within the limits of their own info.json (" + ownLimits.read()
                            + " more info.json request(s))");
        }
        if (ownLimits.belowFullResolution() > 0) {
            run.err()
                    .println("trawl: " + ownLimits.belowFullResolution() + " of them are below full resolution: "
                            + "--full-resolution fetches tiles only for the limits known before the download");
        }
        if (!pages.isEmpty()) {
            new TileStitching(run).stitchAll(pages);
        }
    }

    /**
     * With -w, an image wider than the limit is downscaled here: a service-less image is served at its
     * full size, and a server that ignores the size asked for gets the same treatment. An image the
     * server already scaled only has its header read.
     */
    @Override
    public ImageTransform transform() {
        return options.maxWidth() > 0 ? new MaxWidthTransform(options.maxWidth()) : null;
    }

    /**
     * Reads every document. A bad single input (unreadable, not JSON, not IIIF, no images) is a usage
     * error; an unreachable one is fatal.
     */
    public synchronized void resolve() {
        if (items != null) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()), r -> {
            Thread t = new Thread(r, "trawl-iiif-documents");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CollectionWalker.Leaf> leaves = leaves(pool);
            boolean single = !container;
            List<IiifDocument> docs = readAll(leaves, pool, single);
            Map<String, ImageService> infos = readInfos(docs, pool);
            items = build(docs, infos);
            if (withoutService > 0 && options.maxWidth() > 0) {
                err.println("trawl: " + withoutService + " image(s) have no IIIF image service: taken as served, "
                        + "then reduced here to -w " + options.maxWidth() + " if wider");
            }
            if (unreadableInfo.get() > 0) {
                err.println("trawl: " + unreadableInfo.get() + " info.json document(s) could not be read: "
                        + "their image URLs were built from the manifest alone");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TrawlException.fatal("interrupted while reading IIIF documents", e);
        } finally {
            pool.shutdownNow();
        }
    }

    static boolean isUrl(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    private List<CollectionWalker.Leaf> leaves(ExecutorService pool) throws InterruptedException {
        CollectionWalker walker = new CollectionWalker(client, pool, this::problem);
        String input = options.input();
        if (!isUrl(input)) {
            return localInput(Path.of(input), walker);
        }
        JsonNode top;
        try {
            top = client.get(input);
        } catch (DocumentException e) {
            throw topLevel(input, e);
        }
        if ("Collection".equals(IiifJson.type(top))) {
            container = true;
            return walker.walk(input, top);
        }
        return List.of(new CollectionWalker.Leaf(input, top));
    }

    private List<CollectionWalker.Leaf> localInput(Path file, CollectionWalker walker) throws InterruptedException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw TrawlException.usage(file + ": no such file (the input must be an http(s) URL or a local file)");
        } catch (IOException e) {
            throw TrawlException.usage("cannot read " + file + ": " + e.getMessage());
        }
        if (text.strip().startsWith("{")) { // a IIIF document saved to disk
            JsonNode doc;
            try {
                doc = DocumentClient.parse(text.getBytes(StandardCharsets.UTF_8));
            } catch (DocumentException e) {
                throw TrawlException.usage(file + ": " + e.getMessage());
            }
            String id = IiifJson.id(doc) != null ? IiifJson.id(doc) : file.toString();
            container = "Collection".equals(IiifJson.type(doc));
            return "Collection".equals(IiifJson.type(doc))
                    ? walker.walk(id, doc)
                    : List.of(new CollectionWalker.Leaf(id, doc));
        }
        List<String> urls = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (!isUrl(l) || l.contains(" ")) {
                throw TrawlException.usage(file + ":" + (i + 1) + ": not an http(s) URL: " + abbreviate(l));
            }
            urls.add(l);
        }
        if (urls.isEmpty()) {
            throw TrawlException.usage(file + ": no URLs in this file");
        }
        container = true;
        return walker.walkUrls(urls);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static TrawlException topLevel(String input, DocumentException e) {
        String msg = input + ": " + e.getMessage();
        return e.badInput() ? TrawlException.usage(msg) : TrawlException.fatal(msg, e);
    }

    private void problem(String url, String why) {
        problems.incrementAndGet();
        err.println("trawl: skipped " + url + ": " + why);
    }

    private List<IiifDocument> readAll(List<CollectionWalker.Leaf> leaves, ExecutorService pool, boolean single)
            throws InterruptedException {
        DocumentReader reader = new DocumentReader(client);
        List<Future<IiifDocument>> running = new ArrayList<>();
        for (CollectionWalker.Leaf leaf : leaves) {
            running.add(pool.submit(() -> {
                JsonNode doc = leaf.embedded() != null ? leaf.embedded() : client.get(leaf.url());
                if ("Collection".equals(IiifJson.type(doc))) {
                    throw new DocumentException("listed as a manifest but is a Collection", true);
                }
                return reader.read(doc, leaf.url() != null ? leaf.url() : IiifJson.id(doc));
            }));
        }
        List<IiifDocument> docs = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            try {
                docs.add(running.get(i).get());
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                String url = leaves.get(i).url() != null ? leaves.get(i).url() : "embedded document " + (i + 1);
                if (single && c instanceof DocumentException d) {
                    throw topLevel(url, d);
                }
                if (single) {
                    throw TrawlException.fatal(url + ": " + c, c);
                }
                // one odd manifest in a collection must not cost the others
                problem(url, c instanceof DocumentException ? c.getMessage() : c.toString());
            }
        }
        return docs;
    }

    /**
     * The services whose URL the manifest alone cannot settle (see {@link #needsInfo}), completed
     * from info.json. Caps and compliance level are a server's configuration, not an image's: one
     * info.json per server (scheme, host, port and path prefix) tells them, and the server's other
     * images whose size the manifest gives are completed from it without a request (a 300-page book
     * costs 1 info.json, not 300). Images without a size in the manifest, and every image of a
     * level-0 server (its sizes are per image), have their own info.json read.
     */
    private Map<String, ImageService> readInfos(List<IiifDocument> docs, ExecutorService pool)
            throws InterruptedException {
        Map<String, List<ImageService>> byServer = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (IiifDocument d : docs) {
            for (IiifDocument.Image img : d.images()) {
                ImageService s = img.service();
                if (s != null && needsInfo(s) && seen.add(s.id())) {
                    byServer.computeIfAbsent(server(s.id()), k -> new ArrayList<>())
                            .add(s);
                }
            }
        }
        Map<String, Future<ImageService>> samples = new LinkedHashMap<>();
        for (Map.Entry<String, List<ImageService>> e : byServer.entrySet()) {
            samples.put(e.getKey(), pool.submit(() -> info(e.getValue().get(0))));
        }
        Map<String, ImageService> out = new HashMap<>();
        Map<String, Future<ImageService>> running = new LinkedHashMap<>();
        for (Map.Entry<String, List<ImageService>> e : byServer.entrySet()) {
            ImageService sample = await(samples.get(e.getKey()));
            out.put(sample.id(), sample);
            boolean uniform = sample.fromInfo() && sample.level() >= 1;
            for (ImageService s : e.getValue().subList(1, e.getValue().size())) {
                if (uniform && s.version() == sample.version() && s.width() > 0 && s.height() > 0) {
                    out.put(
                            s.id(),
                            new ImageService(
                                    s.id(),
                                    s.version(),
                                    sample.level(),
                                    s.width(),
                                    s.height(),
                                    sample.maxWidth(),
                                    sample.maxHeight(),
                                    sample.maxArea(),
                                    List.of(),
                                    sample.supports(),
                                    true,
                                    sample.tiles()));
                } else {
                    running.put(s.id(), pool.submit(() -> info(s)));
                }
            }
        }
        for (Map.Entry<String, Future<ImageService>> e : running.entrySet()) {
            out.put(e.getKey(), await(e.getValue()));
        }
        return out;
    }

    private ImageService info(ImageService s) {
        try {
            ImageService own = s.withInfo(client.get(s.id() + "/info.json"));
            ownInfoRead.add(s.id());
            return own;
        } catch (DocumentException e) {
            unreadableInfo.incrementAndGet();
            return s;
        }
    }

    private static <T> T await(Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException x) {
            throw new IllegalStateException(x.getCause());
        }
    }

    /** The image server a service belongs to: its URL without the identifier. */
    static String server(String serviceId) {
        int slash = serviceId.lastIndexOf('/');
        return slash > serviceId.indexOf("//") + 1 ? serviceId.substring(0, slash) : serviceId;
    }

    /**
     * Whether the URL needs what info.json says: always for 1.x and 2.x (a capped server refuses
     * "full", a level-0 one anything but its declared sizes, and the manifest often lacks the level);
     * for 3.0 unless there is no -w and a level of 1 or 2 is declared, where "max" settles it (the
     * server applies its own caps). A width request needs the caps, which only info.json has.
     */
    private boolean needsInfo(ImageService s) {
        if (s.fromInfo()) {
            return false;
        }
        if (options.fullResolution()) {
            return true; // the caps and tiles are in info.json only
        }
        return !(s.version() >= 3 && s.level() >= 1 && options.maxWidth() <= 0);
    }

    private List<MediaItem> build(List<IiifDocument> docs, Map<String, ImageService> infos) {
        List<MediaItem> out = new ArrayList<>();
        Set<String> folders = new HashSet<>();
        for (IiifDocument d : docs) {
            String folder = folder(d.id(), folders);
            int n = 0;
            for (IiifDocument.Image img : d.images()) {
                String url;
                ImageService s = img.service() == null
                        ? null
                        : infos.getOrDefault(img.service().id(), img.service());
                if (s != null) {
                    planned.put(s.id(), s);
                    url = ImageRequest.url(s, options.maxWidth());
                } else {
                    url = img.resourceUrl();
                    withoutService++;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                put(fields, "manifest_id", d.id());
                put(fields, "manifest_label", d.label());
                put(fields, "canvas_id", img.canvasId());
                put(fields, "canvas_label", img.canvasLabel());
                put(fields, "description", d.description());
                put(fields, "required_statement", d.requiredStatement());
                put(fields, SERVICE_FIELD, s == null ? null : s.id());
                String path = folder + "/" + String.format(Locale.ROOT, "%04d", n++);
                TileGrid grid = options.fullResolution() && s != null ? TileGrid.of(s, options.maxWidth()) : null;
                if (grid != null) {
                    url = grid.fullUrl();
                }
                MediaItem item = new MediaItem(
                                url, d.label(), null, SOURCE, img.canvasId(), d.license(), d.attribution(), fields)
                        .withPath(path);
                out.add(item);
                if (grid != null) {
                    // the page, then its tiles: the planner gives the tiles to the shard of the page before them
                    TileStitching.Page page = TileStitching.page(item, grid, path);
                    out.addAll(page.tiles());
                    pages.add(page);
                    stitched.add(item);
                }
            }
        }
        return List.copyOf(out);
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    /**
     * iiif_downloader's folder name: the document id with every character outside [A-Za-z0-9_]
     * removed. Too long a name keeps its start and a hash (file systems stop at 255 bytes); two
     * documents whose ids reduce to the same name get _2, _3 rather than sharing a folder.
     */
    static String folder(String id, Set<String> used) {
        String base = id == null ? "" : id.replaceAll("[^A-Za-z0-9_]", "");
        if (base.isEmpty()) {
            base = "document";
        }
        if (base.length() > 120) {
            base = base.substring(0, 111) + "_" + Hashes.sha1Hex(id).substring(0, 8);
        }
        String name = base;
        for (int i = 2; !used.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
