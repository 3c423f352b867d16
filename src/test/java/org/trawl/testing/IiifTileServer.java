package org.trawl.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * An Image API server on 127.0.0.1 that cuts real regions of one real image, as tiling clients need:
 * its info.json is a real server's (the allmaps fixtures: an NLS 2.x level-1 service, the IIIF 3.0
 * reference image) with the id, size, tile size and caps rewritten; {@code REGION} may be {@code full}
 * or {@code x,y,w,h}; the size {@code full} (2.x), {@code max}, {@code w,}, {@code w,h}; the answer
 * has exactly the size asked, and anything above maxWidth/maxHeight/maxArea is refused with 400, as
 * capping servers do. Tiles are JPEGs at quality 0.95 so a stitched image can be compared to the source.
 */
public final class IiifTileServer implements AutoCloseable {
    /** One image: its API version, pixels, advertised tile size and caps (-1 = none). */
    public record Image(
            int version,
            BufferedImage pixels,
            int tileWidth,
            int tileHeight,
            int maxWidth,
            int maxHeight,
            long maxArea) {}

    private static final Pattern REQUEST = Pattern.compile("^/iiif/([^/]+)/([^/]+)/([^/]+)/([^/]+)/([^/.]+)\\.(jpg)$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, Image> images = new ConcurrentHashMap<>();
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private IiifTileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "iiif-tiles-fake");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static IiifTileServer start() {
        try {
            return new IiifTileServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A seeded test picture (gradient and rectangles) of this size. */
    public static BufferedImage picture(int w, int h, long seed) {
        return TestImages.render(w, h, seed);
    }

    /** Serves an image under /iiif/NAME and returns its info.json URL. */
    public String image(String name, Image image) {
        images.put(name, image);
        return base() + "/iiif/" + name + "/info.json";
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request for this path answers 500 until {@link #heal()}. */
    public void breakPath(String path) {
        broken.add(path);
    }

    public void heal() {
        broken.clear();
    }

    public List<String> imageRequests() {
        synchronized (requests) {
            return requests.stream().filter(r -> REQUEST.matcher(r).matches()).toList();
        }
    }

    public void clearRequests() {
        requests.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            requests.add(path);
            if (broken.contains(path)) {
                send(ex, 500, "text/plain", "broken on purpose".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.startsWith("/iiif/") && path.endsWith("/info.json")) {
                String name = path.substring(6, path.length() - "/info.json".length());
                Image img = images.get(name);
                if (img != null) {
                    send(ex, 200, "application/json", info(name, img).getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            Matcher m = REQUEST.matcher(path);
            if (m.matches() && images.containsKey(m.group(1))) {
                serve(ex, images.get(m.group(1)), m);
                return;
            }
            send(ex, 404, "text/plain", ("no such thing: " + path).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The real fixture of this version with our id, size, tiles and caps. */
    private String info(String name, Image img) throws IOException {
        String fixture = img.version() >= 3
                ? "fixtures/iiif/allmaps/image.3.918ecd18c2592080851777620de9bcb5-gottingen.json"
                : "fixtures/iiif/allmaps/image.2.nls-10146-101465411.json";
        ObjectNode info = (ObjectNode) JSON.readTree(read(fixture));
        String id = base() + "/iiif/" + name;
        info.put(img.version() >= 3 ? "id" : "@id", id);
        info.put("width", img.pixels().getWidth());
        info.put("height", img.pixels().getHeight());
        ObjectNode tile = (ObjectNode) info.get("tiles").get(0);
        tile.put("width", img.tileWidth());
        tile.put("height", img.tileHeight());
        // 3.0 puts the caps at the top; 2.1 in the profile's description object
        ObjectNode caps = img.version() >= 3 ? info : (ObjectNode) ((ArrayNode) info.get("profile")).get(1);
        if (img.maxWidth() > 0) {
            caps.put("maxWidth", img.maxWidth());
        }
        if (img.maxHeight() > 0) {
            caps.put("maxHeight", img.maxHeight());
        }
        if (img.maxArea() > 0) {
            caps.put("maxArea", img.maxArea());
        }
        return JSON.writeValueAsString(info);
    }

    private void serve(HttpExchange ex, Image img, Matcher m) throws IOException {
        String region = m.group(2), size = m.group(3), rotation = m.group(4), quality = m.group(5);
        BufferedImage src = img.pixels();
        int fw = src.getWidth(), fh = src.getHeight();
        if (!rotation.equals("0") || !quality.equals("default")) {
            send(ex, 400, "text/plain", "unsupported rotation or quality".getBytes(StandardCharsets.UTF_8));
            return;
        }
        int x = 0, y = 0, w = fw, h = fh;
        if (!region.equals("full")) {
            String[] p = region.split(",");
            x = Integer.parseInt(p[0]);
            y = Integer.parseInt(p[1]);
            w = Math.min(Integer.parseInt(p[2]), fw - x); // the spec: a region past the edge is cropped
            h = Math.min(Integer.parseInt(p[3]), fh - y);
            if (x >= fw || y >= fh || w < 1 || h < 1) {
                send(ex, 400, "text/plain", "region outside the image".getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        int[] out = size(img, size, w, h);
        if (out == null) {
            send(ex, 400, "text/plain", ("size " + size + " not allowed").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (img.maxWidth() > 0 && out[0] > img.maxWidth()
                || img.maxHeight() > 0 && out[1] > img.maxHeight()
                || img.maxArea() > 0 && (long) out[0] * out[1] > img.maxArea()) {
            send(ex, 400, "text/plain", "size above the server's maximum".getBytes(StandardCharsets.UTF_8));
            return;
        }
        BufferedImage cut = new BufferedImage(out[0], out[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = cut.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, out[0], out[1], x, y, x + w, y + h, null);
        } finally {
            g.dispose();
        }
        send(ex, 200, "image/jpeg", jpeg(cut));
    }

    /** The size asked for a region of w x h, or null when the syntax is not allowed in this version. */
    private static int[] size(Image img, String size, int w, int h) {
        if (size.equals("full")) {
            return img.version() >= 3 ? null : new int[] {w, h};
        }
        if (size.equals("max")) {
            double s = 1.0;
            if (img.maxWidth() > 0) {
                s = Math.min(s, (double) img.maxWidth() / w);
            }
            if (img.maxHeight() > 0) {
                s = Math.min(s, (double) img.maxHeight() / h);
            }
            if (img.maxArea() > 0) {
                s = Math.min(s, Math.sqrt((double) img.maxArea() / ((double) w * h)));
            }
            return new int[] {Math.max(1, (int) Math.floor(w * s)), Math.max(1, (int) Math.floor(h * s))};
        }
        if (size.endsWith(",")) {
            int rw = Integer.parseInt(size.substring(0, size.length() - 1));
            return new int[] {rw, Math.max(1, (int) Math.round((double) h * rw / w))};
        }
        String[] p = size.split(",");
        if (p.length == 2 && !p[0].isEmpty()) {
            return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
        }
        return null;
    }

    static byte[] jpeg(BufferedImage img) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(0.95f);
                writer.write(null, new IIOImage(img, null, null), p);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = IiifTileServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
