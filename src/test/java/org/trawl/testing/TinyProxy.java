package org.trawl.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's tinyproxy (1.11), a real HTTP proxy, run in the foreground on a free 127.0.0.1 port with a
 * generated configuration; its log, read back, tells which requests went through it. Install it with
 * {@code apt-get install tinyproxy-bin} (the program alone; the package {@code tinyproxy} adds a system
 * service); {@link #installed} lets a test skip without it.
 *
 * <p>Two things of tinyproxy 1.11's that tests meet: a request without credentials gets 407, but one with
 * wrong credentials gets 401 (with WWW-Authenticate), for a CONNECT too; and it logs each request line
 * ({@code Request (file descriptor N): GET http://... HTTP/1.1}, {@code CONNECT host:port HTTP/1.1}).
 */
public final class TinyProxy implements AutoCloseable {
    private static final Pattern REQUEST = Pattern.compile("Request \\(file descriptor \\d+\\): (\\S+ \\S+)");

    private final Process process;
    private final int port;
    private final Path log;

    private TinyProxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static boolean installed() {
        return binary() != null;
    }

    private static Path binary() {
        for (String dir : new String[] {"/usr/bin", "/usr/sbin", "/usr/local/bin"}) {
            Path p = Path.of(dir, "tinyproxy");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Starts a proxy that asks for {@code user}/{@code password} (none when user is null) and allows
     * CONNECT to {@code connectPorts} only (any port when none is given).
     */
    public static TinyProxy start(Path dir, String user, String password, int... connectPorts)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        IOException last = null;
        for (int tries = 0; tries < 5; tries++) { // the free port may be taken between our probe and its bind
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path log = dir.resolve("tinyproxy-" + port + ".log");
            Path conf = dir.resolve("tinyproxy-" + port + ".conf");
            StringBuilder c = new StringBuilder()
                    .append("Port ")
                    .append(port)
                    .append("\nListen 127.0.0.1\nTimeout 60\nMaxClients 100\nAllow 127.0.0.1\n")
                    .append("LogFile \"")
                    .append(log.toAbsolutePath())
                    .append("\"\nLogLevel Connect\nDisableViaHeader Yes\n");
            if (user != null) {
                c.append("BasicAuth ").append(user).append(' ').append(password).append('\n');
            }
            for (int p : connectPorts) {
                c.append("ConnectPort ").append(p).append('\n');
            }
            Files.writeString(conf, c.toString(), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(binary().toString(), "-d", "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("tinyproxy-" + port + ".out").toFile())
                    .start();
            if (listening(port, p)) {
                return new TinyProxy(p, port, log);
            }
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
            last = new IOException("tinyproxy did not listen on " + port + ": "
                    + Files.readString(dir.resolve("tinyproxy-" + port + ".out")));
        }
        throw last;
    }

    private static boolean listening(int port, Process p) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}, no credentials. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code http://USER:PASSWORD@127.0.0.1:PORT}. */
    public String url(String user, String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + port;
    }

    /** The whole log so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The request lines it received, e.g. {@code GET http://127.0.0.1:8080/a.jpg}, {@code CONNECT localhost:8443}. */
    public List<String> requests() throws IOException {
        List<String> all = new ArrayList<>();
        Matcher m = REQUEST.matcher(log());
        while (m.find()) {
            all.add(m.group(1));
        }
        return all;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
