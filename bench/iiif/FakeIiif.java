import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * A IIIF publisher + Image API 2 server for the benchmark (run with `java FakeIiif.java PORT N LATENCY_MS IMAGE`):
 * one 2.1 manifest of N canvases, each with a level-1 image service, its info.json, and every image
 * request answered with the same real JPEG. Every request waits LATENCY_MS first (the added round
 * trip), on its own thread, so concurrent clients are not serialised by the server.
 */
public class FakeIiif {
    public static void main(String[] a) throws IOException {
        int port = Integer.parseInt(a[0]), n = Integer.parseInt(a[1]);
        long latency = Long.parseLong(a[2]);
        byte[] image = Files.readAllBytes(Path.of(a[3]));
        String base = "http://127.0.0.1:" + port;
        StringBuilder canvases = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String sid = base + "/iiif/img" + String.format("%04d", i);
            canvases.append(i == 0 ? "" : ",").append("{\"@id\":\"").append(base).append("/canvas/").append(i)
                    .append("\",\"@type\":\"sc:Canvas\",\"label\":\"p. ").append(i + 1)
                    .append("\",\"width\":1000,\"height\":750,\"images\":[{\"@type\":\"oa:Annotation\",\"motivation\":\"sc:painting\","
                            + "\"resource\":{\"@id\":\"").append(sid).append("/full/full/0/default.jpg\",\"@type\":\"dctypes:Image\","
                            + "\"format\":\"image/jpeg\",\"width\":1000,\"height\":750,\"service\":{\"@context\":"
                            + "\"http://iiif.io/api/image/2/context.json\",\"@id\":\"").append(sid)
                    .append("\",\"profile\":\"http://iiif.io/api/image/2/level1.json\"}}}]}");
        }
        byte[] manifest = ("{\"@context\":\"http://iiif.io/api/presentation/2/context.json\",\"@id\":\"" + base
                + "/manifest.json\",\"@type\":\"sc:Manifest\",\"label\":\"Benchmark book\",\"sequences\":[{\"@type\":"
                + "\"sc:Sequence\",\"canvases\":[" + canvases + "]}]}").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            try (ex) {
                Thread.sleep(latency);
                String p = ex.getRequestURI().getRawPath();
                if (p.equals("/manifest.json")) {
                    send(ex, "application/json", manifest);
                } else if (p.startsWith("/iiif/") && p.endsWith("/info.json")) {
                    String sid = base + p.substring(0, p.length() - "/info.json".length());
                    send(ex, "application/json", ("{\"@context\":\"http://iiif.io/api/image/2/context.json\",\"@id\":\""
                            + sid + "\",\"protocol\":\"http://iiif.io/api/image\",\"width\":1000,\"height\":750,"
                            + "\"profile\":[\"http://iiif.io/api/image/2/level1.json\"]}").getBytes(StandardCharsets.UTF_8));
                } else if (p.startsWith("/iiif/img")) {
                    send(ex, "image/jpeg", image);
                } else {
                    ex.sendResponseHeaders(404, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    static void send(HttpExchange ex, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }
}
