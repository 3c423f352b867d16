package org.trawl.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fault-injecting HTTP/1.1 test server on 127.0.0.1 (ephemeral port), built on raw sockets so it can
 * produce truncated bodies, stalls and TCP resets. One daemon thread per connection; keep-alive is
 * supported (several requests per connection until the client or a behaviour closes it).
 *
 * <p>Routes map a path (query ignored) to a list of {@link Behaviour}s; the n-th request (0-based,
 * counted since start or the last {@link #reset()}) to a path gets {@code steps[min(n, last)]}.
 * Unknown paths get {@code 404 "no route"}.
 */
public final class FaultServer implements AutoCloseable {

    /** Fixed so responses are deterministic. */
    static final Instant LAST_MODIFIED = Instant.parse("2024-01-02T03:04:05Z");

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    /** A parsed request; header lookup is case-insensitive. */
    public record Request(String method, String path, String target, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** Answers one request. Returns true to keep the connection open for another request, false to close it. */
    @FunctionalInterface
    public interface Behaviour {
        boolean respond(Request request, Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<String, List<Behaviour>> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, String>>> seenHeaders = new ConcurrentHashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger(), mostOpen = new AtomicInteger();
    private volatile boolean closed;

    private final String host;

    private FaultServer(InetAddress bind) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(bind, 0));
        host = bind.getHostAddress();
        acceptor = new Thread(this::acceptLoop, "fault-server-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static FaultServer start() {
        return start(InetAddress.getLoopbackAddress());
    }

    /** A server on another loopback address (e.g. 127.0.0.2): to the client, a second host. */
    public static FaultServer start(InetAddress bind) {
        try {
            return new FaultServer(bind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url(String path) {
        return "http://" + host + ":" + port() + path;
    }

    /** Requests received for {@code path} (without query), counted when the request line is parsed. */
    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** Values of {@code header} (case-insensitive) in requests to {@code path}, in order; requests without it are skipped. */
    public List<String> requestHeader(String path, String header) {
        List<String> values = new ArrayList<>();
        for (Map<String, String> h : seenHeaders.getOrDefault(path, List.of())) {
            if (h.containsKey(header)) values.add(h.get(header));
        }
        return values;
    }

    /** Number of TCP connections accepted so far (lets tests verify keep-alive). */
    public int connections() {
        return connections.get();
    }

    /** The most TCP connections that were open at the same moment (idle keep-alive ones included). */
    public int mostOpenAtOnce() {
        return mostOpen.get();
    }

    /** Forgets routes, hit counters and recorded headers (sequences restart at step 0). */
    public void reset() {
        routes.clear();
        hits.clear();
        seenHeaders.clear();
    }

    // ---------------------------------------------------------------- routes

    /** 200 with validators and byte-range support; see {@link #ok(byte[], String)}. */
    public FaultServer image(String path, byte[] body, String contentType) {
        return sequence(path, ok(body, contentType));
    }

    public FaultServer status(String path, int code, String body) {
        return sequence(path, status(code, body));
    }

    public FaultServer redirect(String path, String location, int code) {
        return sequence(path, redirectTo(location, code));
    }

    public FaultServer sequence(String path, Behaviour... steps) {
        if (steps.length == 0) throw new IllegalArgumentException("no steps");
        routes.put(path, List.of(steps));
        return this;
    }

    // ---------------------------------------------------------------- behaviours

    /**
     * 200 with Content-Length, ETag (quoted SHA-1 hex of the body), Last-Modified and Accept-Ranges. A GET with
     * {@code Range: bytes=N-} (or {@code N-M}) gets 206 + Content-Range, or 416 if N is past the end; when
     * {@code If-Range} is present and matches neither the ETag nor Last-Modified the range is ignored (full 200).
     * HEAD gets the headers without a body.
     */
    public static Behaviour ok(byte[] body, String contentType) {
        return (req, socket, out) -> {
            String range = req.header("Range");
            String ifRange = req.header("If-Range");
            boolean honour = range != null
                    && (ifRange == null
                            || ifRange.equals(etag(body))
                            || ifRange.equals(IMF_FIXDATE.format(LAST_MODIFIED)));
            Matcher m = honour ? RANGE.matcher(range.trim()) : null;
            if (m == null || !m.matches()) {
                writeHead(out, 200, false, validators(body, contentType, body.length));
                return writeBody(req, out, body, 0, body.length);
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? body.length - 1 : Math.min(Long.parseLong(m.group(2)), body.length - 1);
            if (start >= body.length || start > end) {
                return fixed(416, "Content-Range", "bytes */" + body.length, "").respond(req, socket, out);
            }
            List<String> h = new ArrayList<>(validators(body, contentType, (int) (end - start + 1)));
            h.addAll(List.of("Content-Range", "bytes " + start + "-" + end + "/" + body.length));
            writeHead(out, 206, false, h);
            return writeBody(req, out, body, (int) start, (int) (end - start + 1));
        };
    }

    public static Behaviour status(int code, String body) {
        return fixed(code, "text/plain; charset=utf-8", body);
    }

    public static Behaviour retryAfterSeconds(int code, int seconds) {
        return fixed(code, "Retry-After", "" + seconds, "");
    }

    /** Retry-After as an IMF-fixdate (RFC 7231 §7.1.1.1), e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    public static Behaviour retryAfterDate(int code, Instant when) {
        return fixed(code, "Retry-After", IMF_FIXDATE.format(when), "");
    }

    /** 200 text/html, e.g. a login or error page served instead of the image. */
    public static Behaviour htmlWith200(String html) {
        return fixed(200, "text/html; charset=utf-8", html);
    }

    /** Headers (with validators) claim the full Content-Length; only {@code sendBytes} are sent, then a clean close (FIN). */
    public static Behaviour truncated(byte[] body, String contentType, int sendBytes) {
        return (req, socket, out) -> {
            sendPartial(out, body, contentType, sendBytes);
            return false;
        };
    }

    /** Headers + {@code sendBytes}, then silence for {@code stallMillis} (cut short by {@link #close()}), then close. */
    public static Behaviour stalled(byte[] body, String contentType, int sendBytes, long stallMillis) {
        return (req, socket, out) -> {
            sendPartial(out, body, contentType, sendBytes);
            Thread.sleep(stallMillis); // InterruptedException from close() ends the connection early
            return false;
        };
    }

    /**
     * Reads the request, then aborts with SO_LINGER=0 so the client sees a TCP RST before any response byte.
     * (Named resetNow because Java forbids a static {@code reset()} next to the instance {@link #reset()}.)
     */
    public static Behaviour resetNow() {
        return (req, socket, out) -> {
            rst(socket);
            return false;
        };
    }

    /**
     * Headers + {@code sendBytes}, then RST. The kernel may discard still-unsent data on RST, so the client can
     * see fewer bytes (even no response); it is guaranteed to see an I/O error rather than a clean EOF.
     */
    public static Behaviour resetAfter(byte[] body, String contentType, int sendBytes) {
        return (req, socket, out) -> {
            sendPartial(out, body, contentType, sendBytes);
            rst(socket);
            return false;
        };
    }

    /**
     * HTTP/1.0 style: no Content-Length, the body ends when the connection closes; only {@code sendBytes} of it
     * are sent before a clean close (FIN), so the client cannot tell from HTTP that the body was cut.
     */
    public static Behaviour closeDelimitedCutShort(byte[] body, String contentType, int sendBytes) {
        return (req, socket, out) -> {
            writeHead(out, 200, true, List.of("Content-Type", contentType));
            out.write(body, 0, Math.min(sendBytes, body.length));
            out.flush();
            return false;
        };
    }

    /** Chunked: one chunk of the first {@code sendBytes}, then a clean close without the last (0-length) chunk. */
    public static Behaviour chunkedCutShort(byte[] body, String contentType, int sendBytes) {
        return (req, socket, out) -> {
            int n = Math.min(sendBytes, body.length);
            writeHead(out, 200, true, List.of("Content-Type", contentType, "Transfer-Encoding", "chunked"));
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, n);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return false;
        };
    }

    /** 200 with a matching Content-Length for a JPEG's header (every segment before the scan), then garbage. */
    public static Behaviour jpegHeaderThenGarbage(byte[] jpeg) {
        int sos = jpegScanStart(jpeg);
        byte[] body = java.util.Arrays.copyOf(jpeg, jpeg.length);
        for (int i = sos; i < body.length; i++) {
            body[i] = (byte) (i * 31 % 251); // never 0xFF: no marker in it
        }
        return ok(body, "image/jpeg");
    }

    /** 200 with a matching Content-Length for a whole JPEG but its final EOI marker. */
    public static Behaviour jpegWithoutEoi(byte[] jpeg) {
        return ok(java.util.Arrays.copyOf(jpeg, jpeg.length - 2), "image/jpeg");
    }

    /** 200 with a matching Content-Length for a whole PNG but its final IEND chunk. */
    public static Behaviour pngWithoutIend(byte[] png) {
        return ok(java.util.Arrays.copyOf(png, png.length - 12), "image/png");
    }

    /**
     * The JPEG with its scan data replaced by seeded garbage (no 0xFF, so no marker in it): SOS and EOI are where
     * they belong, so only a full decode (--decode-check) finds it, and only when the JPEG's Huffman tables do
     * not hold every code ({@link TestImages#jpegWithOwnTables}).
     */
    public static byte[] jpegWithGarbageScan(byte[] jpeg, long seed) {
        int sos = jpegScanStart(jpeg);
        int data = sos + 2 + ((jpeg[sos + 2] & 0xFF) << 8 | jpeg[sos + 3] & 0xFF); // after the scan header
        byte[] body = java.util.Arrays.copyOf(jpeg, jpeg.length);
        java.util.Random rnd = new java.util.Random(seed);
        for (int i = data; i < body.length - 2; i++) {
            body[i] = (byte) rnd.nextInt(255);
        }
        return body;
    }

    /** Offset of a baseline JPEG's SOS marker (FF DA), found by walking its segments. */
    static int jpegScanStart(byte[] jpeg) {
        int pos = 2;
        while ((jpeg[pos + 1] & 0xFF) != 0xDA) {
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | jpeg[pos + 3] & 0xFF);
        }
        return pos;
    }

    public static Behaviour redirectTo(String location, int code) {
        return fixed(code, "Location", location, "");
    }

    public static Behaviour delayed(long millis, Behaviour then) {
        return (req, socket, out) -> {
            Thread.sleep(millis);
            return then.respond(req, socket, out);
        };
    }

    private static Behaviour fixed(int code, String contentType, String body) {
        return fixed(code, "Content-Type", contentType, body);
    }

    /** A complete keep-alive response with one extra header and a UTF-8 body. */
    private static Behaviour fixed(int code, String header, String value, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return (req, socket, out) -> {
            writeHead(out, code, false, List.of(header, value, "Content-Length", Integer.toString(b.length)));
            return writeBody(req, out, b, 0, b.length);
        };
    }

    // ---------------------------------------------------------------- plumbing

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
        }
        for (Socket s : sockets) closeQuietly(s); // unblocks handlers waiting in read()
        for (Thread t : handlers) t.interrupt(); // unblocks stalled/delayed handlers in sleep()
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // server socket closed
            }
            connections.incrementAndGet();
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            sockets.add(s);
            Thread t = new Thread(() -> serve(s), "fault-server-conn-" + s.getPort());
            t.setDaemon(true);
            handlers.add(t);
            if (closed) closeQuietly(s); // close() raced with accept
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            Request req;
            while (!closed && (req = readRequest(in)) != null) { // keep-alive: serve requests until someone closes
                // hit recorded as soon as the request head is parsed, before the behaviour runs (so resets/stalls
                // count)
                int n = hits.computeIfAbsent(req.path(), p -> new AtomicInteger())
                        .getAndIncrement();
                seenHeaders
                        .computeIfAbsent(req.path(), p -> new CopyOnWriteArrayList<>())
                        .add(req.headers());
                List<Behaviour> steps = routes.get(req.path());
                Behaviour b = steps == null ? status(404, "no route") : steps.get(Math.min(n, steps.size() - 1));
                boolean keep = b.respond(req, s, out);
                out.flush();
                if (!keep || "close".equalsIgnoreCase(req.header("Connection"))) return;
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // client went away, close() was called, or a behaviour aborted: just drop the connection
        } finally {
            open.decrementAndGet();
            sockets.remove(s);
            handlers.remove(Thread.currentThread());
        }
    }

    /** Parses request line + headers and skips a Content-Length body; null on EOF before a request line. */
    private static Request readRequest(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) return null;
        String[] parts = line.split(" ");
        if (parts.length != 3) throw new IOException("bad request line: " + line);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String h; (h = readLine(in)) != null && !h.isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon > 0)
                headers.merge(
                        h.substring(0, colon).trim(), h.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        String cl = headers.get("Content-Length");
        if (cl != null) in.skipNBytes(Long.parseLong(cl));
        String target = parts[1];
        int q = target.indexOf('?');
        return new Request(parts[0], q < 0 ? target : target.substring(0, q), target, headers);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') return sb.toString();
            if (c != '\r') sb.append((char) c);
            if (sb.length() > 16384) throw new IOException("header line too long");
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static void writeHead(OutputStream out, int code, boolean close, List<String> kv) throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ")
                .append(code)
                .append(' ')
                .append(reason(code))
                .append("\r\n");
        for (int i = 0; i < kv.size(); i += 2)
            sb.append(kv.get(i)).append(": ").append(kv.get(i + 1)).append("\r\n");
        if (close) sb.append("Connection: close\r\n");
        out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean writeBody(Request req, OutputStream out, byte[] body, int off, int len) throws IOException {
        if (!"HEAD".equals(req.method())) out.write(body, off, len);
        out.flush();
        return true;
    }

    /** 200 headers for the full body (Connection: close), then only the first {@code sendBytes} bytes. */
    private static void sendPartial(OutputStream out, byte[] body, String contentType, int sendBytes)
            throws IOException {
        writeHead(out, 200, true, validators(body, contentType, body.length));
        out.write(body, 0, Math.min(sendBytes, body.length));
        out.flush();
    }

    private static List<String> validators(byte[] body, String contentType, int contentLength) {
        return List.of(
                "Content-Type",
                contentType,
                "Content-Length",
                Integer.toString(contentLength),
                "ETag",
                etag(body),
                "Last-Modified",
                IMF_FIXDATE.format(LAST_MODIFIED),
                "Accept-Ranges",
                "bytes");
    }

    /** Quoted SHA-1 hex of the body, e.g. {@code "\"da39a3ee...\""}. */
    public static String etag(byte[] body) {
        try {
            return '"'
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-1").digest(body))
                    + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rst(Socket s) throws IOException {
        s.setSoLinger(true, 0); // close() now sends RST instead of FIN
        s.close();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            /* already closed */
        }
    }

    private static String reason(int code) {
        return switch (code) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status"; // clients only look at the code
        };
    }
}
