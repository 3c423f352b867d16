package org.trawl.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * An https server on 127.0.0.1 with a throw-away self-signed certificate (CN=localhost) that answers
 * every request with one JSON body, and counts the TCP connections it accepted: a client that retries
 * a refused certificate shows up as more than one.
 */
public final class TlsJsonServer implements AutoCloseable {
    private final SSLServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile String body = "{}";

    private TlsJsonServer(SSLServerSocket server) {
        this.server = server;
        Thread t = new Thread(this::acceptLoop, "tls-json-server");
        t.setDaemon(true);
        t.start();
    }

    /** Starts a server whose key is made in {@code dir} with the JDK's keytool. */
    public static TlsJsonServer start(Path dir) throws Exception {
        Path ks = dir.resolve("tls-server.p12");
        if (!Files.exists(ks)) {
            String keytool =
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process kt = new ProcessBuilder(
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
                            "SAN=dns:localhost",
                            "-validity",
                            "2")
                    .redirectErrorStream(true)
                    .start();
            if (!kt.waitFor(60, TimeUnit.SECONDS) || kt.exitValue() != 0) {
                throw new IllegalStateException("keytool failed");
            }
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket s = (SSLServerSocket)
                ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new TlsJsonServer(s);
    }

    public TlsJsonServer answer(String json) {
        this.body = json;
        return this;
    }

    /** {@code https://localhost:PORT} + path. */
    public String url(String path) {
        return "https://localhost:" + server.getLocalPort() + path;
    }

    public int connections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> serve((SSLSocket) s), "tls-json-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SSLSocket s) {
        try (s) {
            s.startHandshake(); // a client that refuses the certificate ends here
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                long length = 0;
                while (line != null && !line.isEmpty()) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Long.parseLong(line.substring(15).trim());
                    }
                    line = in.readLine();
                }
                in.skip(length);
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(b);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or refused the handshake
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
