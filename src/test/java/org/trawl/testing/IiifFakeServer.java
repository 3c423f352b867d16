package org.trawl.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A IIIF publisher and Image API server on 127.0.0.1, following the real contract:
 * <ul>
 * <li>Presentation documents (the real fixtures) with every {@code http(s)://HOST/} rewritten to
 * {@code http://127.0.0.1:PORT/HOST/}, so ids and services point here;</li>
 * <li>Image API services: {@code BASE} answers 303 to {@code BASE/info.json}; {@code info.json} describes
 * the image (version, level, size, sizes, maxWidth/maxHeight/maxArea); {@code BASE/full/SIZE/0/QUALITY.FMT}
 * returns a real JPEG or PNG of exactly the size asked, and refuses (400) what the version or level does
 * not allow: {@code full} in 3.0, {@code max} in 1.1, a size above the caps, upscaling in 3.0 without
 * {@code ^}, sizes other than the declared ones at level 0, {@code w,h}/{@code !w,h} below level 2.</li>
 * </ul>
 */
public final class IiifFakeServer implements AutoCloseable {
    /** How one image service behaves. */
    public record Service(
            int version,
            int level,
            int width,
            int height,
            int maxWidth,
            int maxHeight,
            long maxArea,
            List<int[]> sizes) {
        public static Service v2(int level, int w, int h) {
            return new Service(2, level, w, h, -1, -1, -1, List.of());
        }

        public static Service v3(int level, int w, int h) {
            return new Service(3, level, w, h, -1, -1, -1, List.of());
        }

        public static Service v1(int w, int h) {
            return new Service(1, 1, w, h, -1, -1, -1, List.of());
        }

        public Service capped(int maxW) {
            return new Service(version, level, width, height, maxW, -1, -1, sizes);
        }

        public Service withMaxArea(long area) {
            return new Service(version, level, width, height, maxWidth, maxHeight, area, sizes);
        }

        public Service withSizes(List<int[]> s) {
            return new Service(version, level, width, height, maxWidth, maxHeight, maxArea, s);
        }
    }

    private static final Pattern URL = Pattern.compile("https?://([^/\"\\s]+)/([^\"\\s]*)");
    private static final Pattern VOCABULARY =
            Pattern.compile("https?://(iiif\\.io/api/[a-z]+/[0-9.]+/(context\\.json|level[0-2]\\.json)"
                    + "|iiif\\.io/api/image$|www\\.w3\\.org/|library\\.stanford\\.edu/iiif/image-api/"
                    + "|creativecommons\\.org/|rightsstatements\\.org/)");
    private static final Pattern IMAGE = Pattern.compile("^(.*)/([^/]+)/([^/]+)/([^/]+)/([^/.]+)\\.(jpg|png)$");
    private final HttpServer server;
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final Map<String, Service> services = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> failures = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger imagesServed = new AtomicInteger();
    private volatile Service defaultService;
    private volatile long delayMillis;

    private IiifFakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "iiif-fake");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static IiifFakeServer start() {
        try {
            return new IiifFakeServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String url(String path) {
        return base() + path;
    }

    /** {@code https://host/x} as this server serves it. */
    public String local(String realUrl) {
        return rewrite(realUrl);
    }

    /** Every document URL becomes this server's; vocabulary URIs (contexts, profiles, protocol) stay as they are. */
    public String rewrite(String text) {
        Matcher m = URL.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String u = m.group();
            boolean keep = VOCABULARY.matcher(u).lookingAt() || u.startsWith(base() + "/");
            String local = keep ? u : base() + "/" + m.group(1) + "/" + m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(local));
        }
        return m.appendTail(sb).toString();
    }

    /** Serves a fixture (from the test classpath, fixtures/iiif/...) at the path of its rewritten id, returns its URL. */
    public String fixture(String resource) {
        String body = rewrite(read("fixtures/iiif/" + resource));
        Matcher m = Pattern.compile("\"@?id\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalArgumentException("no id in " + resource);
        }
        String url = m.group(1);
        if (body.contains("\"http://iiif.io/api/image\"")) { // an info.json: served where clients look for it
            url = url + "/info.json";
        }
        documents.put(pathOf(url), body.getBytes(StandardCharsets.UTF_8));
        return url;
    }

    /** Serves a body at a path (rewritten like the fixtures). */
    public String document(String path, String json) {
        documents.put(path, rewrite(json).getBytes(StandardCharsets.UTF_8));
        return url(path);
    }

    /** A plain file (an image without a service). */
    public String file(String path, byte[] body) {
        files.put(path, body);
        return url(path);
    }

    public IiifFakeServer service(String realOrLocalBase, Service s) {
        services.put(pathOf(realOrLocalBase.startsWith(base()) ? realOrLocalBase : rewrite(realOrLocalBase)), s);
        return this;
    }

    /** The service used for any base not registered. */
    public IiifFakeServer defaultService(Service s) {
        defaultService = s;
        return this;
    }

    /** The next answers to this path are these statuses, then the normal answer. */
    public IiifFakeServer failFirst(String pathOrUrl, Integer... codes) {
        failures.put(pathOf(pathOrUrl), Collections.synchronizedList(new ArrayList<>(List.of(codes))));
        return this;
    }

    /** Every request waits this long first (the benchmark's latency). */
    public IiifFakeServer delay(long millis) {
        delayMillis = millis;
        return this;
    }

    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Forgets the requests seen so far (a second run counts its own). */
    public void clearRequests() {
        requests.clear();
    }

    public List<String> imageRequests() {
        return requests().stream().filter(r -> IMAGE.matcher(r).matches()).toList();
    }

    public int imagesServed() {
        return imagesServed.get();
    }

    static String pathOf(String url) {
        if (url.startsWith("http")) {
            int slash = url.indexOf('/', url.indexOf("//") + 2);
            return slash < 0 ? "/" : url.substring(slash);
        }
        return url;
    }

    private static String read(String resource) {
        try (InputStream in = IiifFakeServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            requests.add(path);
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            List<Integer> fail = failures.get(path);
            if (fail != null && !fail.isEmpty()) {
                send(ex, fail.remove(0), "text/plain", "failing on purpose".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] doc = documents.get(path);
            if (doc != null) {
                send(ex, 200, "application/json", doc);
                return;
            }
            byte[] file = files.get(path);
            if (file != null) {
                send(ex, 200, file[0] == (byte) 0x89 ? "image/png" : "image/jpeg", file);
                return;
            }
            if (path.endsWith("/info.json")) {
                String base = path.substring(0, path.length() - "/info.json".length());
                Service s = serviceAt(base);
                if (s != null) {
                    send(ex, 200, "application/json", info(base, s).getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            if (services.containsKey(path)) { // baseUriRedirect
                ex.getResponseHeaders().add("Location", path + "/info.json");
                ex.sendResponseHeaders(303, -1);
                return;
            }
            Matcher m = IMAGE.matcher(path);
            if (m.matches() && serviceAt(m.group(1)) != null) {
                image(ex, serviceAt(m.group(1)), m);
                return;
            }
            send(ex, 404, "text/plain", ("no such thing: " + path).getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Service serviceAt(String base) {
        Service s = services.get(base);
        return s != null ? s : defaultService;
    }

    private String info(String base, Service s) {
        StringBuilder sizes = new StringBuilder();
        for (int[] wh : s.sizes()) {
            sizes.append(sizes.length() == 0 ? "" : ",")
                    .append("{\"width\":")
                    .append(wh[0])
                    .append(",\"height\":")
                    .append(wh[1])
                    .append('}');
        }
        String caps = (s.maxWidth() > 0 ? "\"maxWidth\":" + s.maxWidth() + "," : "")
                + (s.maxHeight() > 0 ? "\"maxHeight\":" + s.maxHeight() + "," : "")
                + (s.maxArea() > 0 ? "\"maxArea\":" + s.maxArea() + "," : "");
        String id = base() + base;
        if (s.version() == 3) {
            return "{\"@context\":\"http://iiif.io/api/image/3/context.json\",\"id\":\"" + id
                    + "\",\"type\":\"ImageService3\","
                    + "\"protocol\":\"http://iiif.io/api/image\",\"profile\":\"level" + s.level() + "\"," + caps
                    + "\"width\":" + s.width() + ",\"height\":" + s.height() + ",\"sizes\":[" + sizes + "]}";
        }
        if (s.version() == 1) {
            return "{\"@context\":\"http://library.stanford.edu/iiif/image-api/1.1/context.json\",\"@id\":\"" + id
                    + "\","
                    + "\"width\":" + s.width() + ",\"height\":" + s.height()
                    + ",\"formats\":[\"jpg\"],\"qualities\":[\"native\"],"
                    + "\"profile\":\"http://library.stanford.edu/iiif/image-api/1.1/compliance.html#level1\"}";
        }
        return "{\"@context\":\"http://iiif.io/api/image/2/context.json\",\"@id\":\"" + id + "\","
                + "\"protocol\":\"http://iiif.io/api/image\",\"width\":" + s.width() + ",\"height\":" + s.height() + ","
                + "\"sizes\":[" + sizes + "],\"profile\":[\"http://iiif.io/api/image/2/level" + s.level() + ".json\",{"
                + caps + "\"formats\":[\"jpg\",\"png\"],\"qualities\":[\"default\"]}]}";
    }

    private void image(HttpExchange ex, Service s, Matcher m) throws IOException {
        String region = m.group(2), size = m.group(3), rotation = m.group(4), quality = m.group(5), format = m.group(6);
        String expectQuality = s.version() == 1 ? "native" : "default";
        if (!region.equals("full") || !rotation.equals("0") || !quality.equals(expectQuality)) {
            bad(ex, "unsupported region, rotation or quality");
            return;
        }
        int[] wh = size(s, size);
        if (wh == null) {
            bad(ex, "size " + size + " not allowed for Image API " + s.version() + " level " + s.level());
            return;
        }
        if (s.maxWidth() > 0 && wh[0] > s.maxWidth()
                || s.maxHeight() > 0 && wh[1] > s.maxHeight()
                || s.maxArea() > 0 && (long) wh[0] * wh[1] > s.maxArea()) {
            bad(ex, "size above the server's maximum");
            return;
        }
        imagesServed.incrementAndGet();
        byte[] body = format.equals("png") ? TestImages.png(wh[0], wh[1], 1) : TestImages.jpeg(wh[0], wh[1], 1);
        send(ex, 200, format.equals("png") ? "image/png" : "image/jpeg", body);
    }

    /** The size the request asks for, or null when this version/level refuses the syntax. */
    private static int[] size(Service s, String size) {
        int w = s.width(), h = s.height();
        boolean up = size.startsWith("^");
        if (up && s.version() < 3) {
            return null;
        }
        String sz = up ? size.substring(1) : size;
        int[] out;
        if (sz.equals("full")) {
            if (s.version() >= 3 || s.maxWidth() > 0 && w > s.maxWidth()) {
                return null;
            }
            return new int[] {w, h};
        } else if (sz.equals("max")) {
            if (s.version() == 1) {
                return null;
            }
            double scale = 1.0;
            if (s.maxWidth() > 0) {
                scale = Math.min(scale, (double) s.maxWidth() / w);
            }
            if (s.maxHeight() > 0) {
                scale = Math.min(scale, (double) s.maxHeight() / h);
            }
            if (s.maxArea() > 0) {
                scale = Math.min(scale, Math.sqrt((double) s.maxArea() / ((double) w * h)));
            }
            return new int[] {(int) Math.floor(w * scale), (int) Math.floor(h * scale)};
        } else if (sz.startsWith("!")) {
            if (s.level() < 2) {
                return null;
            }
            String[] p = sz.substring(1).split(",");
            int bw = Integer.parseInt(p[0]), bh = Integer.parseInt(p[1]);
            double scale = Math.min((double) bw / w, (double) bh / h);
            out = new int[] {(int) Math.round(w * scale), (int) Math.round(h * scale)};
        } else if (sz.endsWith(",")) {
            int rw = Integer.parseInt(sz.substring(0, sz.length() - 1));
            out = new int[] {rw, (int) Math.round((double) h * rw / w)};
        } else if (sz.startsWith(",")) {
            int rh = Integer.parseInt(sz.substring(1));
            out = new int[] {(int) Math.round((double) w * rh / h), rh};
        } else if (sz.contains(",")) {
            String[] p = sz.split(",");
            out = new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
            if (s.level() < 2 && !declared(s, out)) {
                return null;
            }
        } else {
            return null; // "800" without a comma: not a size in any version (the seed's quirk)
        }
        if (s.level() == 0 && !declared(s, out)) {
            return null;
        }
        if (s.version() >= 3 && !up && (out[0] > w || out[1] > h)) {
            return null;
        }
        return out[0] < 1 || out[1] < 1 ? null : out;
    }

    private static boolean declared(Service s, int[] wh) {
        for (int[] d : s.sizes()) {
            if (d[0] == wh[0] && Math.abs(d[1] - wh[1]) <= 1) {
                return true;
            }
        }
        return false;
    }

    private static void bad(HttpExchange ex, String why) throws IOException {
        send(ex, 400, "text/plain", why.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
