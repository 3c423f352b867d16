package org.trawl.fetch;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.trawl.internal.OutOfMemory;
import org.trawl.progress.RunStats;

/**
 * One attempt at one URL on Vert.x's non-blocking HTTP client (each one an {@link Attempt}): the body streams from the socket
 * into {@code <stem>.part} and a SHA-256 as it arrives (never held in memory; straight from Netty's
 * socket buffers when {@link BodyTap} can take it), is checked (status,
 * Content-Type, magic bytes, length), then renamed to {@code <stem>.<ext>} atomically on a worker
 * thread. Retries and accounting are the engine's; this class only says what happened, and keeps the
 * transfer caps ({@link TransferSlots}).
 */
public final class HttpFetcher implements AutoCloseable {
    private final Vertx vertx;
    private final FetchOptions options;
    /** One event-loop context per core, each with its own client whose connections live on that loop. */
    private final Context[] contexts;

    private final HttpClient[] clients;
    private final java.util.concurrent.atomic.AtomicInteger nextLoop = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.Set<Path> createdDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final TransferSlots<Attempt> slots;
    /** Per loop, the unsent requests holding pre-opened connections; each list is touched on its loop only. */
    private final List<List<HttpClientRequest>> held = new ArrayList<>();

    private volatile boolean released;

    /** --rate and --limit-rate; null when not set, so a run without them takes no lock and no timer. */
    private final HostRate hostRate;

    final Bandwidth bandwidth;
    /** Where waits are told, for the progress line; null until a run says. */
    private volatile RunStats stats;

    public HttpFetcher(Vertx vertx, FetchOptions options) {
        this.vertx = vertx;
        this.options = options;
        Pacing pacing = options.pacing();
        this.hostRate = pacing.requestsPerSecond() > 0 ? new HostRate(pacing.requestsPerSecond()) : null;
        this.bandwidth = pacing.bytesPerSecond() > 0 ? new Bandwidth(pacing.bytesPerSecond()) : null;
        HttpClientOptions http = options.network()
                .configure(new HttpClientOptions())
                .setConnectTimeout((int) options.connectTimeout().toMillis())
                .setMaxRedirects(10)
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false)
                // Netty cuts a body into pieces of at most this size, and each piece costs a dispatch, a
                // copy, a digest call and a write(2): at Vert.x's default of 8 KB a 166 KB image took 22
                // writes (strace); now a piece is whatever one socket read brought
                .setMaxChunkSize(1 << 20);
        // Vert.x runs a request's callbacks on the context that issued it, and a non-Vert.x thread (the
        // scheduler) always gets the same one: every body would be hashed and written on one event loop,
        // capping trawl at one core (measured: 86 % of the CPU on one thread, ~1,200 items/s whatever -j).
        // So each attempt starts on one of several event-loop contexts, in turn.
        //
        // Each context has a client of its own, whose pool opens connections on the requesting loop
        // (event-loop size 0), so a transfer's connection and its callbacks share one thread. BodyTap needs
        // that: a body can be claimed only on the connection's thread. A shared client handed the last
        // used connection to any waiting request whatever its loop, and Vert.x then passed the head, every
        // body piece and the end across threads (10,000 images on the JVM: 70,000 context switches, now
        // 48,000). TransferSlots splits each host's --per-host over the loops, so their pools together
        // never open more connections to a host than that.
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        List<EventLoop> distinct = distinctEventLoops((VertxInternal) vertx, loops);
        this.slots = new TransferSlots<>(options.jobs(), options.perHost(), distinct.size());
        PoolOptions pool =
                new PoolOptions().setHttp1MaxSize(slots.perHostPerLoop()).setEventLoopSize(0);
        SafeRedirects redirects = new SafeRedirects(options);
        this.contexts = new Context[distinct.size()];
        this.clients = new HttpClient[distinct.size()];
        VertxInternal vi = (VertxInternal) vertx;
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = vi.createEventLoopContext(
                    distinct.get(i), vi.getWorkerPool(), Thread.currentThread().getContextClassLoader());
            clients[i] = vertx.httpClientBuilder()
                    .with(http)
                    .with(pool)
                    .withRedirectHandler(redirects)
                    .build();
            contexts[i].runOnContext(v -> {}); // starts the loop's thread now, not at the first request
            held.add(new ArrayList<>());
        }
        org.trawl.internal.Sha256.newDigest(); // finds the system's libcrypto now, not at the first body
    }

    /**
     * Up to {@code wanted} different event loops of Vert.x's group. Asking Vert.x for a new context each
     * time would not do: creating a client takes the group's next loop too, and with two loops both of our
     * contexts landed on the same one (measured: one loop at 85 % CPU, the other idle).
     */
    private static List<EventLoop> distinctEventLoops(VertxInternal vertx, int wanted) {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : vertx.getEventLoopGroup()) {
            if (loops.size() < wanted && e instanceof EventLoop l && !loops.contains(l)) {
                loops.add(l);
            }
        }
        if (loops.isEmpty()) {
            loops.add(vertx.getEventLoopGroup().next());
        }
        return loops;
    }

    /**
     * Runs one attempt of the request, now or, when the transfer caps are reached, as soon as a transfer
     * frees a slot. The future fails with a {@link FetchFailure}.
     */
    public Future<Fetched> fetch(FetchRequest req) {
        Promise<Fetched> promise = Promise.promise();
        Attempt attempt = new Attempt(this, vertx, options, req, promise);
        int loop = slots.admit(req.host(), attempt, nextLoop.getAndIncrement());
        if (loop >= 0) {
            startOn(attempt, loop);
        }
        return promise.future();
    }

    /**
     * Starts an attempt that holds a slot on {@code loop}, from any thread. From that loop itself (a slot
     * handed on) it starts once the current event is done: Vert.x gives a finished response's connection
     * back to its pool only after our end handler, and a request made before that would open one more.
     */
    private void startOn(Attempt attempt, int loop) {
        attempt.loop = loop;
        long wait = hostRate == null ? 0 : hostRate.reserve(attempt.host());
        if (wait <= 0) {
            contexts[loop].runOnContext(v -> attempt.startSafely());
            return;
        }
        // the attempt keeps its slot while it waits: requests then go out at the rate, not in a burst
        // once slots free up, and the pool never opens more connections than --per-host
        waiting("rate limit " + attempt.host(), wait);
        long millis = Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(wait));
        contexts[loop].runOnContext(v -> vertx.setTimer(millis, id -> attempt.startSafely()));
    }

    /** How long a request to {@code host} whose connection is ready waits before it goes (--rate); 0 without one. */
    long sendWait(String host) {
        return hostRate == null ? 0 : hostRate.reserveSend(host);
    }

    /** Tells the progress line that a transfer waits {@code nanos} for {@code what}. */
    void waiting(String what, long nanos) {
        RunStats s = stats;
        if (s != null) {
            s.waiting(what, nanos);
        }
    }

    /** Where the waits of the run about to start are told. */
    void reportWaitsTo(RunStats stats) {
        this.stats = stats;
    }

    /**
     * Opens connections to {@code url}'s host while the caller still checks its input, requesting nothing:
     * as many as the first transfers to that host will use (its --per-host share on each loop, -j in all).
     * Each is taken by a request that is never sent; {@link #releasePreconnected} resets those requests,
     * which hands the connections back to their loop's pool idle, where the first transfers find them.
     * The TCP handshake (with TLS, two or three round trips more) then overlaps the planning pass instead
     * of following it. A failure here is ignored: the transfer meets it again and reports it.
     */
    public void preconnect(String url, String host) {
        int loops = contexts.length;
        int[] perLoop = new int[loops];
        int left = Math.min(options.jobs(), options.perHost());
        for (boolean placed = true; left > 0 && placed; ) {
            placed = false;
            for (int i = 0; i < loops && left > 0; i++) {
                if (perLoop[i] < slots.cap(host, i)) {
                    perLoop[i]++;
                    left--;
                    placed = true;
                }
            }
        }
        for (int i = 0; i < loops; i++) {
            int loop = i, n = perLoop[i];
            contexts[loop].runOnContext(v -> {
                for (int k = 0; k < n && !released; k++) {
                    holdConnection(loop, url);
                }
            });
        }
    }

    private void holdConnection(int loop, String url) {
        RequestOptions ro = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url)
                .setProxyOptions(options.network().vertxProxy(url))
                .setConnectTimeout(options.connectTimeout().toMillis());
        try {
            clients[loop].request(ro).onSuccess(r -> {
                r.exceptionHandler(e -> {}); // the reset below reports itself here
                if (released) {
                    r.reset();
                } else {
                    held.get(loop).add(r);
                }
            });
        } catch (RuntimeException e) { // a URL Vert.x cannot use: its transfer will say so
        }
    }

    /** Gives the pre-opened connections to the transfers; before the first one starts on their loop. */
    public void releasePreconnected() {
        released = true;
        for (int i = 0; i < contexts.length; i++) {
            int loop = i;
            contexts[loop].runOnContext(v -> {
                held.get(loop).forEach(HttpClientRequest::reset);
                held.get(loop).clear();
            });
        }
    }

    /** The client of event loop {@code loop}, whose connections live on that loop. */
    HttpClient client(int loop) {
        return clients[loop];
    }

    /** Creates an item's folder; once per folder, not per item. */
    void createFolder(Path dir) throws IOException {
        if (!createdDirs.contains(dir)) {
            Files.createDirectories(dir);
            createdDirs.add(dir);
        }
    }

    /** Gives a transfer slot on {@code loop} back, to the next waiting attempt if one may use it. */
    void releaseSlot(String host, int loop) {
        TransferSlots.Start<Attempt> next = slots.release(host, loop);
        if (next != null) {
            startOn(next.task(), next.loop());
        }
    }

    @Override
    public void close() {
        for (HttpClient c : clients) {
            c.close();
        }
    }

    FetchFailure classify(Throwable e) {
        return classify(e, null);
    }

    /** What went wrong with a request to {@code url} (null when unknown). */
    FetchFailure classify(Throwable e, String url) {
        OutOfMemory.exitIf(e); // Netty's own buffers could not be had: no transfer can go on
        if (e instanceof FetchFailure f) {
            return f;
        }
        String refused = options.network().proxyRefusal(url, -1, e); // a URL that does not parse went direct
        if (refused != null) { // a CONNECT answered 407: every other transfer would get the same
            return FetchFailure.stopsRun(refused);
        }
        if (e instanceof ConnectTimeoutException) {
            return FetchFailure.hostError("connect timeout");
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return FetchFailure.hostError("connection refused");
        }
        if (e instanceof UnknownHostException) {
            return FetchFailure.hostError("unknown host");
        }
        if (e instanceof SSLException) {
            return FetchFailure.permanent("TLS error: " + e.getMessage() + " (--insecure skips certificate checks)");
        }
        if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
            return FetchFailure.transientError(
                    "stalled: no data for " + options.idleTimeout().toSeconds() + "s");
        }
        String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (msg.contains("closed") || msg.contains("reset") || msg.contains("broken pipe")) {
            return FetchFailure.transientError("connection closed early");
        }
        if (e instanceof java.net.URISyntaxException) {
            return FetchFailure.permanent("bad url: " + e.getMessage());
        }
        if (e instanceof IllegalArgumentException || e instanceof io.netty.handler.codec.DecoderException) {
            // Netty's codec could not read what the server sent (a status code or chunk size that is not a
            // number): the answer is broken, not the URL (a URL Vert.x cannot use fails when the request is
            // made, above), and another attempt may get a whole one
            return FetchFailure.transientError("broken response: " + e.getMessage());
        }
        return FetchFailure.transientError(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** The kind of textual body a mis-served error page has, or null when the type may be an image. */
    static String textualType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String t = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        if (t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("javascript")) {
            return t;
        }
        return null;
    }

    static long parseLength(String v) {
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean contentRangeStartsAt(String contentRange, long start) {
        // "bytes 1000-1999/2000"
        if (contentRange == null || !contentRange.startsWith("bytes ")) {
            return false;
        }
        String range = contentRange.substring(6);
        int dash = range.indexOf('-');
        try {
            return dash > 0 && Long.parseLong(range.substring(0, dash).trim()) == start;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
