package org.trawl.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An https server on 127.0.0.1 that answers every GET with one JPEG, under a throw-away self-signed
 * certificate for {@code localhost} (made with the JDK's keytool) whose PEM, {@link #caPem}, is a private CA
 * to give {@code --cacert}. URLs name {@code localhost}, which the certificate is for.
 */
public final class TlsImageServer implements AutoCloseable {
    private final HttpsServer server;
    private final Path pem;
    private final AtomicInteger hits = new AtomicInteger();
    private final java.util.Map<String, String> json = new java.util.concurrent.ConcurrentHashMap<>();

    private TlsImageServer(HttpsServer server, Path pem) {
        this.server = server;
        this.pem = pem;
    }

    public static TlsImageServer start(Path dir, byte[] jpeg) throws Exception {
        Files.createDirectories(dir);
        Path ks = dir.resolve("tls-image-server.p12");
        Path pem = dir.resolve("tls-image-server-ca.pem");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
                keytool,
                "-genkeypair",
                "-keystore",
                ks.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-ext",
                "BC:c=ca:true",
                "-validity",
                "2");
        run(
                keytool,
                "-exportcert",
                "-rfc",
                "-keystore",
                ks.toString(),
                "-storepass",
                "changeit",
                "-alias",
                "server",
                "-file",
                pem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        s.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "tls-image-server");
            t.setDaemon(true);
            return t;
        }));
        TlsImageServer server = new TlsImageServer(s, pem);
        s.createContext("/", ex -> {
            server.hits.incrementAndGet();
            String doc = server.json.get(ex.getRequestURI().getPath());
            byte[] body = doc == null ? jpeg : doc.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", doc == null ? "image/jpeg" : "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        s.start();
        return server;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + String.join(" ", cmd));
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://localhost:PORT/path}. */
    public String url(String path) {
        return "https://localhost:" + port() + path;
    }

    /** The server's certificate in PEM: the CA for {@code --cacert}. */
    public Path caPem() {
        return pem;
    }

    /** Serves {@code body} as JSON at {@code path} (every other path is the JPEG). */
    public TlsImageServer json(String path, String body) {
        json.put(path, body);
        return this;
    }

    public void resetHits() {
        hits.set(0);
    }

    public int hits() {
        return hits.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
