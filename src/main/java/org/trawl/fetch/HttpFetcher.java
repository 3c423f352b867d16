package org.trawl.fetch;

import org.trawl.internal.RetryAfter;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.trawl.image.BodyIntegrity;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageInfo;
import org.trawl.image.ImageRejected;
import org.trawl.image.ImageTransform;
import org.trawl.internal.Hashes;
import org.trawl.internal.OutOfMemory;

/**
 * One attempt at one URL on Vert.x's non-blocking HTTP client: the body streams from the socket
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

    public HttpFetcher(Vertx vertx, FetchOptions options) {
        this.vertx = vertx;
        this.options = options;
        HttpClientOptions http = new HttpClientOptions()
                .setConnectTimeout((int) options.connectTimeout().toMillis())
                .setMaxRedirects(10)
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setTrustAll(options.insecure())
                .setVerifyHost(!options.insecure())
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
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(slots.perHostPerLoop())
                .setEventLoopSize(0);
        SafeRedirects redirects = new SafeRedirects(options);
        this.contexts = new Context[distinct.size()];
        this.clients = new HttpClient[distinct.size()];
        VertxInternal vi = (VertxInternal) vertx;
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = vi.createEventLoopContext(distinct.get(i), vi.getWorkerPool(),
                    Thread.currentThread().getContextClassLoader());
            clients[i] = vertx.httpClientBuilder().with(http).with(pool).withRedirectHandler(redirects).build();
            contexts[i].runOnContext(v -> { }); // starts the loop's thread now, not at the first request
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
        Attempt attempt = new Attempt(req, promise);
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
        contexts[loop].runOnContext(v -> attempt.startSafely());
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
        for (boolean placed = true; left > 0 && placed;) {
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
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setConnectTimeout(options.connectTimeout().toMillis());
        try {
            clients[loop].request(ro).onSuccess(r -> {
                r.exceptionHandler(e -> { }); // the reset below reports itself here
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

    @Override
    public void close() {
        for (HttpClient c : clients) {
            c.close();
        }
    }

    /** The state of a single attempt; every callback runs on the same event loop. */
    private final class Attempt implements BodyTap.Sink {
        final FetchRequest req;
        final String url;
        final Path dir;
        final String stem;
        final Path part;
        final Promise<Fetched> promise;
        final MessageDigest sha256 = org.trawl.internal.Sha256.newDigest();
        final StreamingChecksum expectedSum; // the source's own digest, when it gave one
        final byte[] head = new byte[ImageFormat.SNIFF_BYTES];
        int headLen;
        FileChannel channel;
        HttpClientRequest request;
        HttpClientResponse response;
        long timer = -1;
        long lastActivity;
        long received;
        long offset; // bytes already in .part when resuming
        long expected = -1; // Content-Length of the body being received
        boolean resumable; // a .part.json sidecar exists for this item
        boolean settled;
        boolean holdsSlot = true; // an attempt only starts once it holds a transfer slot
        int loop; // the event loop the attempt runs on, whose client it uses
        BodyTap tap; // set while the body comes straight from the socket buffers

        Attempt(FetchRequest req, Promise<Fetched> promise) {
            this.req = req;
            this.url = req.url();
            this.dir = req.dir();
            this.stem = req.stem();
            this.expectedSum = StreamingChecksum.of(req.checksum());
            this.part = dir.resolve(stem + ".part");
            this.promise = promise;
        }

        void startSafely() {
            try {
                start();
            } catch (RuntimeException e) { // a bug must not strand the slot or the item
                fail(FetchFailure.permanent("internal error: " + e));
            }
        }

        /** Gives the transfer slot back, to the next waiting attempt if one may use it. */
        void freeSlot() {
            if (holdsSlot) {
                holdsSlot = false;
                TransferSlots.Start<Attempt> next = slots.release(req.host(), loop);
                if (next != null) {
                    startOn(next.task(), next.loop());
                }
            }
        }

        void start() {
            PartialDownload resume = PartialDownload.read(part, url);
            RequestOptions ro = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setAbsoluteURI(url)
                    .setFollowRedirects(true)
                    .setConnectTimeout(options.connectTimeout().toMillis())
                    .setIdleTimeout(options.idleTimeout().toMillis())
                    .putHeader("User-Agent", options.userAgent())
                    .putHeader("Accept", "image/*,*/*;q=0.5");
            req.headers().forEach(ro::putHeader);
            long have = 0;
            if (resume != null) {
                try {
                    have = Files.size(part);
                } catch (IOException e) {
                    have = 0;
                }
                if (have > 0) {
                    ro.putHeader("Range", "bytes=" + have + "-").putHeader("If-Range", resume.ifRange());
                }
            }
            final long resumeFrom = have;
            resumable = resume != null;
            if (!createdDirs.contains(dir)) { // one mkdir per folder, not per item
                try {
                    Files.createDirectories(dir);
                    createdDirs.add(dir);
                } catch (IOException e) {
                    fail(FetchFailure.permanent("cannot create folder: " + e.getMessage()));
                    return;
                }
            }
            Future<HttpClientRequest> req;
            try {
                req = clients[loop].request(ro);
            } catch (RuntimeException e) { // a URL Vert.x cannot even parse
                fail(FetchFailure.permanent("bad url: " + e.getMessage()));
                return;
            }
            req.onFailure(e -> fail(classify(e)))
                    .onSuccess(r -> {
                        request = r;
                        BodyTap.of(r.connection()); // in place before the response head arrives
                        // reported once, never logged as unhandled; once the head is in, a failure is the body's
                        r.exceptionHandler(e -> fail(response != null ? bodyBroken(e) : classify(e)));
                        startWatchdog();
                        r.send().onFailure(e -> fail(classify(e))).onSuccess(resp -> onResponse(resp, resumeFrom));
                    });
        }

        void onResponse(HttpClientResponse resp, long resumeFrom) {
            response = resp;
            lastActivity = System.nanoTime();
            resp.exceptionHandler(e -> fail(classify(e)));
            int status = resp.statusCode();
            if (status == 429 || status == 503) {
                long wait = RetryAfter.millis(resp.getHeader("Retry-After"), Instant.now());
                fail(wait >= 0 ? FetchFailure.retryAfter("http " + status, wait) : FetchFailure.hostError("http " + status));
                return;
            }
            if (status >= 500 || status == 408) {
                fail(FetchFailure.hostError("http " + status));
                return;
            }
            if (status >= 300 && status < 400) {
                // Vert.x hands back a 3xx once the hops ran out, or when it is not a redirect to follow
                fail(FetchFailure.permanent(resp.getHeader("Location") == null ? "http " + status
                        : "too many redirects (http " + status + ")"));
                return;
            }
            if (status != 200 && status != 206) {
                fail(FetchFailure.permanent("http " + status));
                return;
            }
            String type = resp.getHeader("Content-Type");
            String textual = textualType(type);
            if (textual != null) {
                fail(FetchFailure.permanent("not an image: " + textual));
                return;
            }
            boolean append = status == 206 && resumeFrom > 0 && contentRangeStartsAt(resp.getHeader("Content-Range"), resumeFrom);
            if (status == 206 && !append) {
                fail(FetchFailure.transientError("server sent an unexpected range"));
                PartialDownload.discard(part);
                return;
            }
            expected = parseLength(resp.getHeader("Content-Length"));
            if (expected >= 0 && (append ? resumeFrom : 0) + expected > options.maxBytes()) {
                fail(tooLarge()); // before reading any of it: the connection is closed, not drained
                return;
            }
            try {
                if (append) {
                    offset = resumeFrom;
                    channel = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                    headLen = readHead(part, head);
                } else {
                    if (resumable) {
                        PartialDownload.discard(part); // the server would not resume: start clean
                    }
                    channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ); // READ: finish checks it
                    if (expected >= PartialDownload.MIN_RESUMABLE && "bytes".equalsIgnoreCase(resp.getHeader("Accept-Ranges"))) {
                        PartialDownload pd = new PartialDownload(url, resp.getHeader("ETag"), resp.getHeader("Last-Modified"), expected);
                        if (pd.ifRange() != null) {
                            pd.write(part);
                            resumable = true;
                        }
                    }
                }
            } catch (IOException e) {
                fail(FetchFailure.permanent("cannot write " + part.getFileName() + ": " + e.getMessage()));
                return;
            }
            resp.exceptionHandler(e -> fail(bodyBroken(e)));
            resp.handler(buf -> onChunk(buf));
            resp.endHandler(v -> onEnd(expected, type, append));
            BodyTap t = BodyTap.of(resp.request().connection());
            if (t != null && t.claim(this)) {
                tap = t; // the pieces now skip Vert.x's copy; resp.handler sees none of them
            }
        }

        FetchFailure tooLarge() {
            return FetchFailure.permanent("body over " + options.maxBytes() + " bytes (--max-bytes)");
        }

        /** A body cut short says how short, which is what a user can check against the server. */
        FetchFailure bodyBroken(Throwable e) {
            FetchFailure f = classify(e);
            if (expected >= 0 && f.reason().startsWith("connection closed")) {
                return FetchFailure.transientError("truncated: " + (offset + received) + " of " + (offset + expected) + " bytes");
            }
            return f;
        }

        void onChunk(Buffer buf) {
            onBytes(buf.getByteBuf().nioBuffer());
        }

        @Override
        public void bytes(ByteBuf piece) {
            if (piece.nioBufferCount() == 1) {
                onBytes(piece.nioBuffer());
            } else {
                for (ByteBuffer nb : piece.nioBuffers()) {
                    onBytes(nb);
                }
            }
        }

        /** One piece of the body: sniffed (the first bytes), hashed and written; nothing of it is kept. */
        void onBytes(ByteBuffer nb) {
            if (settled) {
                return;
            }
            lastActivity = System.nanoTime();
            int n = nb.remaining();
            if (offset + received + n > options.maxBytes()) { // no or a false Content-Length
                fail(tooLarge());
                return;
            }
            if (headLen < head.length) {
                int take = Math.min(head.length - headLen, n);
                nb.duplicate().get(head, headLen, take);
                headLen += take;
                if (headLen == head.length && ImageFormat.sniff(head, headLen).isEmpty()) {
                    fail(FetchFailure.permanent("not an image: " + ImageFormat.describeNonImage(head, headLen)));
                    return;
                }
            }
            sha256.update(nb.duplicate());
            if (expectedSum != null) {
                expectedSum.update(nb.duplicate());
            }
            try {
                while (nb.hasRemaining()) {
                    channel.write(nb);
                }
            } catch (IOException e) {
                fail(FetchFailure.permanent("cannot write " + part.getFileName() + ": " + e.getMessage()));
                return;
            }
            received += n;
        }

        void onEnd(long expected, String type, boolean resumed) {
            if (settled) {
                return;
            }
            if (expected >= 0 && received != expected) {
                fail(FetchFailure.transientError("truncated: " + received + " of " + expected + " bytes"));
                return;
            }
            Optional<ImageFormat> format = ImageFormat.sniff(head, headLen);
            if (format.isEmpty()) {
                fail(FetchFailure.permanent("not an image: " + ImageFormat.describeNonImage(head, headLen)));
                return;
            }
            cancelTimer();
            settled = true;
            freeSlot(); // the connection is free: the next transfer need not wait for the checks and rename
            FileChannel ch = channel;
            vertx.executeBlocking(() -> finish(ch, format.get(), resumed), false)
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            promise.complete(ar.result());
                        } else {
                            OutOfMemory.exitIf(ar.cause()); // not an item's failure: every item would fail so
                            PartialDownload.discard(part);
                            promise.fail(ar.cause() instanceof FetchFailure f ? f
                                    : FetchFailure.permanent("cannot store: " + ar.cause().getMessage()));
                        }
                    });
        }

        /** Worker thread: make it durable if asked, read the header, and rename into place. */
        Fetched finish(FileChannel ch, ImageFormat format, boolean resumed) throws IOException {
            long size = offset + received;
            String cut; // a body cut short can look complete to HTTP; checked through the channel it was written with
            try (ch) {
                if (options.fsync()) {
                    ch.force(true);
                }
                cut = resumed ? BodyIntegrity.problem(part, size, format) : BodyIntegrity.problem(ch, size, format);
            }
            String digest = resumed ? Hashes.sha256Hex(part) : HexFormat.of().formatHex(sha256.digest());
            if (expectedSum != null) {
                String got = resumed ? StreamingChecksum.ofFile(req.checksum(), part) : expectedSum.hex();
                if (!got.equals(req.checksum().hex())) {
                    throw FetchFailure.transientError(req.checksum().algorithm() + " mismatch: expected "
                            + req.checksum().hex() + ", got " + got);
                }
            }
            if (cut != null) {
                throw FetchFailure.transientError("truncated body: " + cut);
            }
            ImageTransform.Result transformed = null;
            if (req.transform() != null) {
                try {
                    transformed = req.transform().apply(part, format);
                } catch (ImageRejected rejected) {
                    throw FetchFailure.permanent(rejected.reason());
                }
                if (transformed.changed()) {
                    format = transformed.format();
                    digest = Hashes.sha256Hex(part);
                    size = Files.size(part);
                }
            }
            Optional<ImageInfo> info = ImageInfo.read(part);
            Path target = dir.resolve(stem + "." + format.extension());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (resumable) {
                Files.deleteIfExists(PartialDownload.sidecar(part));
            }
            if (options.fsync()) {
                org.trawl.internal.Durability.syncDir(dir);
            }
            int w = info.map(ImageInfo::width).orElse(-1), h = info.map(ImageInfo::height).orElse(-1);
            return new Fetched(target, digest, size, w, h, format.mimeType(), resumed, transformed);
        }

        void fail(FetchFailure f) {
            if (settled) {
                return;
            }
            settled = true;
            cancelTimer();
            if (tap != null) {
                tap.release(this);
            }
            boolean draining = false;
            try {
                draining = release(f);
            } catch (RuntimeException cleanup) {
                // the connection is already gone (e.g. the response had ended): nothing left to close
            } finally {
                promise.fail(f);
                if (!draining) {
                    freeSlot();
                }
            }
        }

        /**
         * Frees the connection and the .part; keeps a resumable .part only when the transfer broke. True
         * when an error page is still being read, which frees the slot once it has been.
         */
        private boolean release(FetchFailure f) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the .part is discarded or resumed below
                }
            }
            if (!f.retryable() || !Files.exists(PartialDownload.sidecar(part))) {
                PartialDownload.discard(part);
            }
            if (response != null && channel == null && smallBody(response)) {
                // An error page: read it to the end so the connection stays usable for the next item. The
                // slot is handed on once it has been, when the connection is back in its pool: handed on
                // now, the next request would find the pool's connections busy and open one more than
                // --per-host allows. A page that never ends gives the slot up after the idle timeout.
                long giveUp = vertx.setTimer(options.idleTimeout().toMillis(), id -> freeSlot());
                response.handler(b -> { });
                response.exceptionHandler(e -> {
                    vertx.cancelTimer(giveUp);
                    freeSlot();
                });
                response.endHandler(v -> {
                    vertx.cancelTimer(giveUp);
                    freeSlot();
                });
                return true;
            }
            if (request != null) {
                if (response != null) {
                    response.exceptionHandler(e -> { });
                }
                request.reset(); // closes the connection: an abandoned body must not poison the pool
            }
            return false;
        }

        /**
         * Our own idle and total deadlines, checked a few times per idle period: Vert.x's request idle
         * timeout stops applying once the response headers are in, and a body that stalls half-way
         * must not hold a slot for ever.
         */
        void startWatchdog() {
            long started = System.nanoTime();
            lastActivity = started;
            long idle = options.idleTimeout().toNanos(), total = options.timeout().toNanos();
            long period = Math.max(50, Math.min(1000, options.idleTimeout().toMillis() / 4));
            timer = vertx.setPeriodic(period, id -> {
                long now = System.nanoTime();
                if (now - started > total) {
                    fail(FetchFailure.hostError("timeout: no complete answer in " + options.timeout().toSeconds() + "s"));
                } else if (now - lastActivity > idle) {
                    fail(FetchFailure.transientError("stalled: no data for " + options.idleTimeout().toSeconds() + "s"));
                }
            });
        }

        void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    FetchFailure classify(Throwable e) {
        OutOfMemory.exitIf(e); // Netty's own buffers could not be had: no transfer can go on
        if (e instanceof FetchFailure f) {
            return f;
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
            return FetchFailure.transientError("stalled: no data for " + options.idleTimeout().toSeconds() + "s");
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

    private static boolean smallBody(HttpClientResponse r) {
        long n = parseLength(r.getHeader("Content-Length"));
        return n >= 0 && n <= 65_536;
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

    private static int readHead(Path file, byte[] head) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && c.read(b) > 0) {
                // fill
            }
            return b.position();
        }
    }
}
