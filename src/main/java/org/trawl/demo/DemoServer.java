package org.trawl.demo;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback image server holding the bundled sample images, so {@code trawl demo} runs the real
 * pipeline with no network. One image answers 503 the first time, to show a retry at work.
 */
public final class DemoServer implements AutoCloseable {
    public static final String FLAKY = "bathochordaeus-3.jpg";
    private final HttpServer server;
    private final List<String> names;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private DemoServer(HttpServer server, List<String> names) {
        this.server = server;
        this.names = names;
    }

    public static DemoServer start(Vertx vertx) {
        List<String> names = readIndex();
        Map<String, Buffer> bodies = new ConcurrentHashMap<>();
        for (String n : names) {
            bodies.put(n, Buffer.buffer(resource("demo/images/" + n)));
        }
        DemoServer[] self = new DemoServer[1];
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            String name = req.path().substring(req.path().lastIndexOf('/') + 1);
            Buffer body = bodies.get(name);
            if (body == null) {
                req.response()
                        .setStatusCode(404)
                        .putHeader("Content-Type", "text/plain")
                        .end("not found");
                return;
            }
            int n = self[0].hits.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            if (name.equals(FLAKY) && n == 1) {
                req.response().setStatusCode(503).putHeader("Retry-After", "1").end();
                return;
            }
            req.response().putHeader("Content-Type", "image/jpeg").end(body);
        });
        try {
            server.listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the demo server on 127.0.0.1", e);
        }
        self[0] = new DemoServer(server, names);
        return self[0];
    }

    public int port() {
        return server.actualPort();
    }

    public List<String> names() {
        return names;
    }

    /** The label of a bundled image is its name without the trailing "-N.jpg". */
    public static String labelOf(String name) {
        return name.substring(0, name.lastIndexOf('-'));
    }

    private static List<String> readIndex() {
        List<String> names = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(open("demo/index.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static byte[] resource(String path) {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String path) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("bundled resource missing: " + path);
        }
        return in;
    }

    @Override
    public void close() {
        server.close();
    }
}
