package org.trawl.fetch;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.trawl.image.BodyIntegrity;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageInfo;
import org.trawl.image.ImageRejected;
import org.trawl.image.ImageTransform;
import org.trawl.internal.Hashes;
import org.trawl.internal.OutOfMemory;
import org.trawl.internal.RetryAfter;
import org.trawl.media.MediaFamily;
import org.trawl.media.MediaFormat;
import org.trawl.media.MediaSniffer;
import org.trawl.media.StreamInfo;
import org.trawl.media.TarGzCheck;

/**
 * The state of one attempt at one URL, from the request to the renamed file or a {@link FetchFailure};
 * every callback runs on the same event loop. The {@link HttpFetcher} that made it owns the clients,
 * the transfer slots and the classification of errors.
 */
final class Attempt implements BodyTap.Sink {
    private final HttpFetcher fetcher;
    private final Vertx vertx;
    private final FetchOptions options;
    private final FetchRequest req;
    private final String url;
    private final Path dir;
    private final String stem;
    private final Path part;
    private final Promise<Fetched> promise;
    private final MessageDigest sha256 = org.trawl.internal.Sha256.newDigest();
    private final StreamingChecksum expectedSum; // the source's own digest, when it gave one
    private final byte[] head = new byte[MediaSniffer.SNIFF_BYTES];
    private int headLen;
    private FileChannel channel;
    private HttpClientRequest request;
    private HttpClientResponse response;
    private long timer = -1;
    private long lastActivity;
    private long received;
    private long offset; // bytes already in .part when resuming
    private long expected = -1; // Content-Length of the body being received
    private boolean resumable; // a .part.json sidecar exists for this item
    private boolean settled;
    private boolean holdsSlot = true; // an attempt only starts once it holds a transfer slot
    int loop; // the event loop the attempt runs on, whose client it uses
    private BodyTap tap; // set while the body comes straight from the socket buffers

    Attempt(HttpFetcher fetcher, Vertx vertx, FetchOptions options, FetchRequest req, Promise<Fetched> promise) {
        this.fetcher = fetcher;
        this.vertx = vertx;
        this.options = options;
        this.req = req;
        this.url = req.url();
        this.dir = req.dir();
        this.stem = req.stem();
        this.expectedSum = StreamingChecksum.of(req.checksum());
        this.part = dir.resolve(stem + ".part");
        this.promise = promise;
    }

    String host() {
        return req.host();
    }

    void startSafely() {
        try {
            start();
        } catch (RuntimeException e) { // a bug must not strand the slot or the item
            fail(FetchFailure.permanent("internal error: " + e));
        }
    }

    /** Gives the transfer slot back, to the next waiting attempt if one may use it. */
    private void freeSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            fetcher.releaseSlot(req.host(), loop);
        }
    }

    private void start() {
        PartialDownload resume = PartialDownload.read(part, url);
        RequestOptions ro = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url)
                .setProxyOptions(options.network().vertxProxy(url))
                .setFollowRedirects(true)
                .setConnectTimeout(options.connectTimeout().toMillis())
                .setIdleTimeout(options.idleTimeout().toMillis())
                .putHeader("User-Agent", options.userAgent())
                .putHeader("Accept", req.media().acceptHeader());
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
        try {
            fetcher.createFolder(dir);
        } catch (IOException e) {
            fail(FetchFailure.permanent("cannot create folder: " + e.getMessage()));
            return;
        }
        Future<HttpClientRequest> req;
        try {
            req = fetcher.client(loop).request(ro);
        } catch (RuntimeException e) { // a URL Vert.x cannot even parse
            fail(FetchFailure.permanent("bad url: " + e.getMessage()));
            return;
        }
        req.onFailure(e -> fail(fetcher.classify(e, url))).onSuccess(r -> {
            request = r;
            BodyTap.of(r.connection()); // in place before the response head arrives
            // reported once, never logged as unhandled; once the head is in, a failure is the body's
            r.exceptionHandler(e -> fail(response != null ? bodyBroken(e) : fetcher.classify(e, url)));
            long wait = fetcher.sendWait(this.req.host());
            if (wait <= 0) {
                send(r, resumeFrom);
            } else {
                vertx.setTimer(
                        Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(wait)),
                        id -> send(r, resumeFrom));
            }
        });
    }

    private void send(HttpClientRequest r, long resumeFrom) {
        startWatchdog();
        r.send().onFailure(e -> fail(fetcher.classify(e, url))).onSuccess(resp -> onResponse(resp, resumeFrom));
    }

    private void onResponse(HttpClientResponse resp, long resumeFrom) {
        response = resp;
        lastActivity = System.nanoTime();
        resp.exceptionHandler(e -> fail(fetcher.classify(e, url)));
        FetchFailure refused = refusal(resp);
        if (refused != null) {
            fail(refused);
            return;
        }
        int status = resp.statusCode();
        boolean append = status == 206
                && resumeFrom > 0
                && HttpFetcher.contentRangeStartsAt(resp.getHeader("Content-Range"), resumeFrom);
        if (status == 206 && !append) {
            // dropped before the failure is told: whoever sees it (the engine's retry, a test) finds no stale .part
            PartialDownload.discard(part);
            fail(FetchFailure.transientError("server sent an unexpected range"));
            return;
        }
        expected = HttpFetcher.parseLength(resp.getHeader("Content-Length"));
        if (expected >= 0 && (append ? resumeFrom : 0) + expected > options.maxBytes()) {
            fail(tooLarge()); // before reading any of it: the connection is closed, not drained
            return;
        }
        try {
            openPart(resp, append, resumeFrom);
        } catch (IOException e) {
            fail(FetchFailure.permanent("cannot write " + part.getFileName() + ": " + e.getMessage()));
            return;
        }
        receiveBody(resp, append);
    }

    /**
     * Why a response's head alone rules out its body (a status that is not 200 or 206, or a textual
     * Content-Type), or null when the body is worth reading.
     */
    private FetchFailure refusal(HttpClientResponse resp) {
        int status = resp.statusCode();
        if (status == 407) { // from the proxy a plain-HTTP request goes through: every transfer would get it
            String refused = options.network().proxyRefusal(url, status, null);
            if (refused != null) {
                return FetchFailure.stopsRun(refused);
            }
        }
        if (status == 429 || status == 503) {
            long wait = RetryAfter.millis(resp.getHeader("Retry-After"), Instant.now());
            return wait >= 0
                    ? FetchFailure.retryAfter("http " + status, wait)
                    : FetchFailure.hostError("http " + status);
        }
        if (status == 501) {
            // Not Implemented: the server cannot do what was asked (an image server, a size syntax it lacks);
            // the same request gets the same answer, so it is neither retried nor held against the host
            return FetchFailure.refused(status);
        }
        if (status >= 500 || status == 408) {
            return FetchFailure.hostError("http " + status);
        }
        if (status >= 300 && status < 400) {
            // Vert.x hands back a 3xx once the hops ran out, or when it is not a redirect to follow
            return FetchFailure.permanent(
                    resp.getHeader("Location") == null ? "http " + status : "too many redirects (http " + status + ")");
        }
        if (status != 200 && status != 206) {
            return FetchFailure.refused(status);
        }
        String textual = HttpFetcher.textualType(resp.getHeader("Content-Type"));
        if (textual != null) {
            return FetchFailure.permanent(req.media().refusal() + ": " + textual);
        }
        return null;
    }

    /**
     * Opens the .part the body goes to: appended to when the server resumes it, else started afresh,
     * with a .part.json sidecar when the server says a broken transfer could be resumed.
     */
    private void openPart(HttpClientResponse resp, boolean append, long resumeFrom) throws IOException {
        if (append) {
            offset = resumeFrom;
            channel = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            headLen = readHead(part, head);
            return;
        }
        if (resumable) {
            PartialDownload.discard(part); // the server would not resume: start clean
        }
        channel = FileChannel.open(
                part,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ); // READ: finish checks it
        if (expected >= PartialDownload.MIN_RESUMABLE && "bytes".equalsIgnoreCase(resp.getHeader("Accept-Ranges"))) {
            PartialDownload pd =
                    new PartialDownload(url, resp.getHeader("ETag"), resp.getHeader("Last-Modified"), expected);
            if (pd.ifRange() != null) {
                pd.write(part);
                resumable = true;
            }
        }
    }

    /** Hands the body's pieces to {@link #onBytes}, straight from the socket buffers when BodyTap can. */
    private void receiveBody(HttpClientResponse resp, boolean append) {
        String type = resp.getHeader("Content-Type");
        resp.exceptionHandler(e -> fail(bodyBroken(e)));
        resp.handler(buf -> onChunk(buf));
        resp.endHandler(v -> onEnd(expected, type, append));
        // under --limit-rate the body comes through Vert.x, whose response can be paused
        BodyTap t = fetcher.bandwidth == null ? BodyTap.of(resp.request().connection()) : null;
        if (t != null && t.claim(this)) {
            tap = t; // the pieces now skip Vert.x's copy; resp.handler sees none of them
        }
    }

    private FetchFailure tooLarge() {
        return FetchFailure.permanent("body over " + options.maxBytes() + " bytes (--max-bytes)");
    }

    /** A body cut short says how short, which is what a user can check against the server. */
    private FetchFailure bodyBroken(Throwable e) {
        FetchFailure f = fetcher.classify(e, url);
        if (expected >= 0 && f.reason().startsWith("connection closed")) {
            return FetchFailure.transientError(
                    "truncated: " + (offset + received) + " of " + (offset + expected) + " bytes");
        }
        return f;
    }

    private void onChunk(Buffer buf) {
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
    private void onBytes(ByteBuffer nb) {
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
            if (headLen == head.length && wanted() == null) {
                fail(FetchFailure.permanent(refusal()));
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
        if (fetcher.bandwidth != null) {
            throttle(fetcher.bandwidth.pay(n));
        }
    }

    /** --limit-rate: stops reading this body for {@code nanos}, which the idle watchdog does not count as silence. */
    private void throttle(long nanos) {
        if (nanos <= 0 || response == null) {
            return;
        }
        HttpClientResponse r = response;
        lastActivity = System.nanoTime() + nanos;
        fetcher.waiting("rate limit (--limit-rate)", nanos);
        r.pause();
        vertx.setTimer(Math.max(1, nanos / 1_000_000), id -> {
            if (!settled) {
                r.resume();
            }
        });
    }

    private void onEnd(long expected, String type, boolean resumed) {
        if (settled) {
            return;
        }
        if (expected >= 0 && received != expected) {
            fail(FetchFailure.transientError("truncated: " + received + " of " + expected + " bytes"));
            return;
        }
        MediaFormat format = wanted();
        if (format == null) {
            fail(FetchFailure.permanent(refusal()));
            return;
        }
        cancelTimer();
        settled = true;
        freeSlot(); // the connection is free: the next transfer need not wait for the checks and rename
        FileChannel ch = channel;
        vertx.executeBlocking(() -> finish(ch, format, resumed), false).onComplete(ar -> {
            if (ar.succeeded()) {
                promise.complete(ar.result());
            } else {
                OutOfMemory.exitIf(ar.cause()); // not an item's failure: every item would fail so
                PartialDownload.discard(part);
                promise.fail(
                        ar.cause() instanceof FetchFailure f
                                ? f
                                : FetchFailure.permanent(
                                        "cannot store: " + ar.cause().getMessage()));
            }
        });
    }

    /** The container the head shows when it is of a family this request keeps (--media-type), else null. */
    private MediaFormat wanted() {
        return MediaSniffer.sniff(head, headLen)
                .filter(f -> req.media().accepts(f.family()))
                .orElse(null);
    }

    /** Why the body is refused: "not audio: HTML page", "not an image: WAV audio". */
    private String refusal() {
        return req.media().refusal() + ": " + MediaSniffer.describe(head, headLen);
    }

    /**
     * Worker thread: a sound or video body is stored as served, an archive once its tar is found whole; an image
     * goes through {@link #finishImage}.
     */
    private Fetched finish(FileChannel ch, MediaFormat media, boolean resumed) throws IOException {
        if (media.family() == MediaFamily.STILL_IMAGE) {
            return finishImage(ch, media.image(), resumed);
        }
        long size = offset + received;
        try (ch) {
            if (options.fsync()) {
                ch.force(true);
            }
        }
        String digest = checkedDigest(resumed);
        if (media.family() == MediaFamily.ARCHIVE) {
            String broken = TarGzCheck.problem(part); // inflated once, here, never in flight (see there)
            if (broken != null) {
                throw FetchFailure.transientError(broken);
            }
        }
        StreamInfo info = StreamInfo.read(part, media);
        Path target = moveIntoPlace(media.extension());
        int w = info.width() == null ? -1 : info.width(), h = info.height() == null ? -1 : info.height();
        return new Fetched(target, digest, size, w, h, media.mimeType(), resumed, null, info.fields());
    }

    /** The body's SHA-256, once the source's own digest (if it gave one) matched. */
    private String checkedDigest(boolean resumed) throws IOException {
        String digest = resumed ? Hashes.sha256Hex(part) : HexFormat.of().formatHex(sha256.digest());
        if (expectedSum != null) {
            String got = resumed ? StreamingChecksum.ofFile(req.checksum(), part) : expectedSum.hex();
            if (!got.equals(req.checksum().hex())) {
                throw FetchFailure.transientError(req.checksum().algorithm() + " mismatch: expected "
                        + req.checksum().hex() + ", got " + got);
            }
        }
        return digest;
    }

    /** Renames the .part to its final name, drops its resume sidecar, and syncs the folder if asked. */
    private Path moveIntoPlace(String extension) throws IOException {
        Path target = dir.resolve(stem + "." + extension);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (resumable) {
            Files.deleteIfExists(PartialDownload.sidecar(part));
        }
        if (options.fsync()) {
            org.trawl.internal.Durability.syncDir(dir);
        }
        return target;
    }

    /** Worker thread: make it durable if asked, check it is whole, rewrite it if asked, read its size, rename. */
    private Fetched finishImage(FileChannel ch, ImageFormat format, boolean resumed) throws IOException {
        long size = offset + received;
        String cut; // a body cut short can look complete to HTTP; checked through the channel it was written with
        try (ch) {
            if (options.fsync()) {
                ch.force(true);
            }
            cut = resumed ? BodyIntegrity.problem(part, size, format) : BodyIntegrity.problem(ch, size, format);
        }
        String digest = checkedDigest(resumed);
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
        Path target = moveIntoPlace(format.extension());
        int w = info.map(ImageInfo::width).orElse(-1),
                h = info.map(ImageInfo::height).orElse(-1);
        return new Fetched(target, digest, size, w, h, format.mimeType(), resumed, transformed, Map.of());
    }

    private void fail(FetchFailure f) {
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
            response.handler(b -> {});
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
                response.exceptionHandler(e -> {});
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
    private void startWatchdog() {
        long started = System.nanoTime();
        lastActivity = started;
        long idle = options.idleTimeout().toNanos(), total = options.timeout().toNanos();
        long period = Math.max(50, Math.min(1000, options.idleTimeout().toMillis() / 4));
        timer = vertx.setPeriodic(period, id -> {
            long now = System.nanoTime();
            if (now - started > total) {
                fail(FetchFailure.hostError(
                        "timeout: no complete answer in " + options.timeout().toSeconds() + "s"));
            } else if (now - lastActivity > idle) {
                fail(FetchFailure.transientError(
                        "stalled: no data for " + options.idleTimeout().toSeconds() + "s"));
            }
        });
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private static boolean smallBody(HttpClientResponse r) {
        long n = HttpFetcher.parseLength(r.getHeader("Content-Length"));
        return n >= 0 && n <= 65_536;
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
