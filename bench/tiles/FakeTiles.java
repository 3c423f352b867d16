import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;

/**
 * A IIIF Image API 2.1 level-1 server on 127.0.0.1 for one W x H image capped at maxWidth 1000,
 * advertising 512-px tiles at scale factor 1. Every tile is cut and JPEG-encoded before the server
 * starts, so the measured run pays for trawl's work, not the server's.
 *
 * usage: java bench/tiles/FakeTiles.java PORT W H
 */
public class FakeTiles {
    public static void main(String[] a) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int port = Integer.parseInt(a[0]), w = Integer.parseInt(a[1]), h = Integer.parseInt(a[2]);
        int tile = 512;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | ((x ^ y) & 0xFF));
            }
        }
        Graphics2D g = img.createGraphics();
        Random rnd = new Random(1);
        for (int i = 0; i < 200; i++) {
            g.setColor(new Color(rnd.nextInt(0x1000000)));
            g.fillOval(rnd.nextInt(w), rnd.nextInt(h), 50 + rnd.nextInt(800), 50 + rnd.nextInt(800));
        }
        g.dispose();
        Map<String, byte[]> tiles = new ConcurrentHashMap<>();
        for (int y = 0; y < h; y += tile) {
            for (int x = 0; x < w; x += tile) {
                int tw = Math.min(tile, w - x), th = Math.min(tile, h - y);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(img.getSubimage(x, y, tw, th), "jpg", out);
                tiles.put("/iiif/big/" + x + "," + y + "," + tw + "," + th + "/" + tw + ",/0/default.jpg", out.toByteArray());
            }
        }
        String info = "{\"@context\":\"http://iiif.io/api/image/2/context.json\",\"@id\":\"http://127.0.0.1:" + port
                + "/iiif/big\",\"protocol\":\"http://iiif.io/api/image\",\"width\":" + w + ",\"height\":" + h
                + ",\"tiles\":[{\"width\":512,\"height\":512,\"scaleFactors\":[1,2,4,8,16]}],"
                + "\"profile\":[\"http://iiif.io/api/image/2/level1.json\",{\"maxWidth\":1000}]}";
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        s.setExecutor(Executors.newFixedThreadPool(16));
        s.createContext("/", ex -> {
            String p = ex.getRequestURI().getRawPath();
            byte[] body = p.equals("/iiif/big/info.json") ? info.getBytes(StandardCharsets.UTF_8) : tiles.get(p);
            send(ex, body == null ? 404 : 200, body == null ? new byte[0] : body);
        });
        s.start();
        System.err.println("ready: " + tiles.size() + " tiles");
    }

    static void send(HttpExchange ex, int code, byte[] body) throws java.io.IOException {
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }
        ex.close();
    }
}
