package org.trawl.fetch;

import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.KeyIndex;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.MediaItem;
import org.trawl.core.RequestFallback;
import org.trawl.core.RequestHeaders;
import org.trawl.core.TrawlException;
import org.trawl.image.ImageTransform;
import org.trawl.media.MediaFilter;
import org.trawl.plan.PathSanitizer;
import org.trawl.plan.PlannedItem;
import org.trawl.progress.RunStats;

/**
 * Runs a plan: keeps up to {@code jobs} transfers in flight, at most {@code perHost} per host, taking
 * hosts in turn so one slow host cannot block the others; skips what the checkpoint says is done;
 * records every outcome in the checkpoint before it counts. Only the engine owns concurrency,
 * retries, accounting and the checkpoint. The plan is read lazily with a bounded look-ahead, so
 * memory does not grow with the number of items.
 */
@ApplicationScoped
public class FetchEngine {

    private final Vertx vertx;

    public FetchEngine(Vertx vertx) {
        this.vertx = vertx;
        // Vert.x catches what a handler throws and passes it here (or logs it): an OutOfMemoryError must end the run
        io.vertx.core.Handler<Throwable> previous = vertx.exceptionHandler();
        vertx.exceptionHandler(e -> {
            org.trawl.internal.OutOfMemory.exitIf(e);
            if (previous != null) {
                previous.handle(e);
            } else {
                org.jboss.logging.Logger.getLogger(FetchEngine.class).error("Unhandled exception", e);
            }
        });
    }

    /**
     * What one run needs besides the plan.
     *
     * @param headers   the source's extra request headers (credentials), asked for on every attempt
     * @param transform the source's rewrite of each image before the rename, or null
     * @param fallback  the source's second request for an item its server refused as asked
     * @param media     the media families a body may be (--media-type)
     */
    public record Run(
            Path out,
            FetchOptions options,
            CheckpointStore store,
            KeyIndex state,
            RunStats stats,
            RequestHeaders headers,
            ImageTransform transform,
            RequestFallback fallback,
            MediaFilter media) {

        public Run {
            headers = headers == null ? RequestHeaders.NONE : headers;
            fallback = fallback == null ? RequestFallback.NONE : fallback;
            media = media == null ? MediaFilter.STILL_IMAGE : media;
        }

        /** A run that keeps images only, with no second request. */
        public Run(
                Path out,
                FetchOptions options,
                CheckpointStore store,
                KeyIndex state,
                RunStats stats,
                RequestHeaders headers,
                ImageTransform transform) {
            this(out, options, store, state, stats, headers, transform, RequestFallback.NONE, MediaFilter.STILL_IMAGE);
        }

        public Run(Path out, FetchOptions options, CheckpointStore store, KeyIndex state, RunStats stats) {
            this(out, options, store, state, stats, RequestHeaders.NONE, null);
        }
    }

    /** Runs the plan on clients made ahead by {@link #prepare} with the same options. */
    public void run(Iterator<PlannedItem> plan, Run run, Prepared clients) {
        clients.fetcher().releasePreconnected();
        clients.fetcher().reportWaitsTo(run.stats());
        HostGuards guards = new HostGuards(
                run.options().retries(), 500, 30_000, run.options().pacing().maxRetryWait(), run.stats());
        new Scheduler(plan, run, clients.fetcher(), guards, vertx).drive();
    }

    /**
     * Starts making the HTTP clients on a thread of their own, so that a caller can check its input
     * meanwhile: event-loop threads, one client per loop and the system's libcrypto took ~30 ms between
     * the end of the planning pass and the first connection (strace, native, 10,000-line list).
     */
    public Prepared prepare(FetchOptions options) {
        return new Prepared(CompletableFuture.supplyAsync(() -> new HttpFetcher(vertx, options), task -> {
            Thread t = new Thread(task, "trawl-prepare");
            t.setDaemon(true);
            t.start();
        }));
    }

    /** HTTP clients being made; closing releases them (and waits for them if they are still being made). */
    public static final class Prepared implements AutoCloseable {
        private final CompletableFuture<HttpFetcher> fetcher;
        private boolean closed;

        private Prepared(CompletableFuture<HttpFetcher> fetcher) {
            this.fetcher = fetcher;
        }

        /** Opens connections to the host of the first item to fetch; see {@link HttpFetcher#preconnect}. */
        public void preconnect(String url, String host) {
            fetcher.thenAccept(f -> f.preconnect(url, host));
        }

        HttpFetcher fetcher() {
            try {
                return fetcher.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                fetcher.thenAccept(HttpFetcher::close).exceptionally(e -> null).join();
            }
        }
    }

    /**
     * Whether an item the checkpoint knows in {@code state} is fetched in this mode: a finished item costs
     * no request unless --overwrite, and neither does one dropped on purpose (a removed duplicate stays
     * removed; --retry-failed leaves it alone too).
     */
    public static boolean fetches(FetchOptions.Mode mode, int state) {
        return switch (mode) {
            case OVERWRITE -> true;
            case RETRY_FAILED -> state == ItemRecord.STATE_FAILED;
            default -> state != ItemRecord.STATE_DONE && state != ItemRecord.STATE_DROPPED;
        };
    }

    /** Decides what to start next; all state is guarded by {@code this}. */
    private static final class Scheduler {
        private final Iterator<PlannedItem> plan;
        private final Run run;
        private final HttpFetcher fetcher;
        private final HostGuards guards;
        private final Vertx vertx; // runs a source's second-request decision off the event loop
        private final RequestHeaders headers; // the source's and the user's
        private final int lookahead;
        private final int maxItems; // items launched and not yet recorded
        private final int maxItemsPerHost;
        private final Map<String, ArrayDeque<PlannedItem>> waiting = new LinkedHashMap<>();
        private final Map<String, Integer> active = new HashMap<>();
        private final ArrayDeque<String> turn = new ArrayDeque<>(); // hosts with waiting items, round-robin
        private int buffered;
        private int inFlight;
        /** Why no more transfers start ({@link FetchFailure#stopsRun}), or null. */
        private volatile String stopped;

        Scheduler(Iterator<PlannedItem> plan, Run run, HttpFetcher fetcher, HostGuards guards, Vertx vertx) {
            this.plan = plan;
            this.vertx = vertx;
            this.run = run;
            this.fetcher = fetcher;
            this.guards = guards;
            this.headers = UserHeaders.layered(run.headers(), run.options().userHeaders());
            this.lookahead = Math.max(1024, run.options().jobs() * 16);
            // Twice the transfer caps: the transfers themselves are capped by HttpFetcher's slots, and the
            // extra items wait there, so a transfer that ends hands its connection straight to the next one
            // while its own checks, rename and journal record finish.
            this.maxItems = 2 * Math.max(1, run.options().jobs());
            this.maxItemsPerHost = 2 * Math.max(1, run.options().perHost());
        }

        void drive() {
            List<PlannedItem> start = new ArrayList<>();
            List<PlannedItem> incoming = new ArrayList<>();
            boolean launched = false;
            while (true) {
                int room;
                synchronized (this) {
                    room = lookahead - buffered;
                }
                if (!launched) {
                    // the first transfers start once they are planned, not after a whole look-ahead (~5 ms)
                    room = Math.min(room, maxItems);
                }
                // read the plan (parsing, hashing, checkpoint look-ups) outside the lock, so completing
                // transfers never wait for the list parser
                while (incoming.size() < room && plan.hasNext()) {
                    PlannedItem p = plan.next();
                    if (wanted(p)) {
                        incoming.add(p);
                    }
                }
                boolean more = plan.hasNext();
                synchronized (this) {
                    if (stopped != null) {
                        awaitInFlight();
                        throw TrawlException.usage(stopped);
                    }
                    enqueue(incoming);
                    incoming.clear();
                    pickStartable(start);
                    if (start.isEmpty()) {
                        if (inFlight == 0 && buffered == 0 && !more) {
                            return;
                        }
                        if (buffered >= lookahead || !more || inFlight >= maxItems) {
                            try {
                                wait(250);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                        continue;
                    }
                }
                for (PlannedItem p : start) {
                    launch(p);
                }
                launched = true;
                start.clear();
            }
        }

        /** Lets the transfers already started finish and record themselves. */
        private void awaitInFlight() {
            while (inFlight > 0) {
                try {
                    wait(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void enqueue(List<PlannedItem> items) {
            for (PlannedItem p : items) {
                ArrayDeque<PlannedItem> q = waiting.computeIfAbsent(p.host(), h -> new ArrayDeque<>());
                if (q.isEmpty()) {
                    turn.addLast(p.host());
                }
                q.addLast(p);
                buffered++;
            }
        }

        /** The checkpoint decides ({@link #fetches}); a settled item left alone counts as skipped. */
        private boolean wanted(PlannedItem p) {
            int state = run.state().get(p.key());
            if (fetches(run.options().mode(), state)) {
                return true;
            }
            if (state == ItemRecord.STATE_DONE || state == ItemRecord.STATE_DROPPED) {
                run.stats().skipped.increment();
            }
            return false;
        }

        private void pickStartable(List<PlannedItem> start) {
            int hosts = turn.size();
            while (inFlight < maxItems && hosts > 0) {
                String host = turn.pollFirst();
                hosts--;
                int busy = active.getOrDefault(host, 0);
                ArrayDeque<PlannedItem> q = waiting.get(host);
                // take as many from this host as its cap allows, then give the next host its turn
                while (busy < maxItemsPerHost && inFlight < maxItems && !q.isEmpty()) {
                    start.add(q.pollFirst());
                    busy++;
                    inFlight++;
                    buffered--;
                }
                active.put(host, busy);
                if (!q.isEmpty()) {
                    turn.addLast(host);
                } else {
                    waiting.remove(host);
                }
            }
        }

        private synchronized void finished(String host) {
            inFlight--;
            if (active.merge(host, -1, Integer::sum) == 0) {
                active.remove(host);
            }
            notifyAll();
        }

        private void launch(PlannedItem p) {
            String host = p.host();
            AtomicInteger attempts = new AtomicInteger();
            // the URL asked for: the item's, or the source's second request once the first was refused
            AtomicReference<String> url = new AtomicReference<>(p.item().url());
            CompletionStage<Fetched> fetched;
            // a name this locale cannot encode fails this item only (its failures.csv row says why)
            String unwritable = PathSanitizer.unwritable(p.key());
            try {
                if (unwritable != null) {
                    throw FetchFailure.permanent(unwritable);
                }
                Path dir = p.dir().isEmpty() ? run.out() : PathSanitizer.inside(run.out(), p.dir());
                Supplier<CompletionStage<Fetched>> attempt = () -> {
                    if (attempts.incrementAndGet() > 1) {
                        run.stats().retries.increment();
                    }
                    MediaItem m = p.item();
                    String u = url.get();
                    // an intermediate file (a tile) is kept as served: the image made from it gets the rewrite
                    ImageTransform t = StateLayout.isIntermediate(p.key()) ? null : run.transform();
                    return fetcher.fetch(new FetchRequest(
                                    u, dir, p.stem(), headers.forUrl(u), m.checksum(), t, host, run.media()))
                            .toCompletionStage()
                            .whenComplete((ok, e) -> guards.noteFailure(host, e));
                };
                fetched = guards.forHost(host).get(attempt);
                if (run.fallback() != RequestFallback.NONE && !StateLayout.isIntermediate(p.key())) {
                    fetched = fetched.exceptionallyCompose(err -> secondRequest(p, err, url, attempt));
                }
            } catch (RuntimeException e) {
                fetched = CompletableFuture.failedFuture(e);
            }
            // the slot is released whatever happens below, so no outcome can stall the run
            fetched.handle((ok, err) -> record(p, url.get(), ok, err, attempts.get()))
                    .thenCompose(outcome -> outcome)
                    .whenComplete((v, bug) -> {
                        if (bug != null) {
                            run.stats().failure("internal error: " + bug, host);
                        }
                        finished(host);
                    });
        }

        /**
         * After a refusal the source may know a request the server takes (an IIIF image with limits of its
         * own): asked on a worker thread, as it may read a document, and fetched once more through the host's
         * guard. A refusal the source cannot help stands; one it can explain fails with the source's reason.
         */
        private CompletionStage<Fetched> secondRequest(
                PlannedItem p, Throwable err, AtomicReference<String> url, Supplier<CompletionStage<Fetched>> attempt) {
            Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (!(e instanceof FetchFailure refused) || !RequestFallback.asks(refused.status())) {
                return CompletableFuture.failedFuture(e);
            }
            return vertx.executeBlocking(() -> run.fallback().instead(p.item(), refused.status()), false)
                    .toCompletionStage()
                    .thenCompose(instead -> {
                        if (instead == null) {
                            return CompletableFuture.failedFuture(refused);
                        }
                        if (instead.url() == null) {
                            return CompletableFuture.failedFuture(
                                    FetchFailure.permanent(refused.reason() + "; " + instead.failure()));
                        }
                        url.set(instead.url());
                        return guards.forHost(p.host()).get(attempt);
                    });
        }

        /** Journals the outcome; it counts only once the checkpoint has it. */
        private CompletionStage<Void> record(PlannedItem p, String url, Fetched ok, Throwable err, int attempts) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (cause instanceof FetchFailure f && f.stopsRun()) {
                stopped = f.reason();
            }
            ItemRecord rec =
                    ok != null ? doneRecord(p, url, ok, attempts) : p.failed(describe(err, p.host()), attempts);
            return run.store().append(rec).handle((v, journalError) -> {
                if (journalError != null) {
                    run.stats().failure("checkpoint write failed: " + journalError.getMessage(), p.host());
                } else if (ok != null) {
                    run.stats().fetched.increment();
                    run.stats().bytes.add(ok.bytes());
                    if (ok.resumed()) {
                        run.stats().resumed.increment();
                    }
                } else {
                    run.stats().failure(rec.reason(), p.host());
                }
                return null;
            });
        }

        /** @param url the URL the file came from: the item's, or the second request's */
        private ItemRecord doneRecord(PlannedItem p, String url, Fetched f, int attempts) {
            MediaItem m = p.item();
            String rel = run.out()
                    .toAbsolutePath()
                    .normalize()
                    .relativize(f.file().toAbsolutePath().normalize())
                    .toString()
                    .replace('\\', '/');
            return new ItemRecord(
                    p.key(),
                    ItemRecord.DONE,
                    url,
                    rel,
                    p.label(),
                    p.subset(),
                    m.source(),
                    m.sourceId(),
                    m.license(),
                    m.rightsHolder(),
                    f.sha256(),
                    f.bytes(),
                    f.width() >= 0 ? f.width() : null,
                    f.height() >= 0 ? f.height() : null,
                    f.mimeType(),
                    null,
                    attempts,
                    fieldsOf(m, f),
                    System.currentTimeMillis());
        }

        /**
         * The source's fields, plus what a sound or video header told (metadata.csv's duration_s, sample_rate,
         * channels) or what a transform changed (exports rescale boxes with them).
         */
        private static Map<String, String> fieldsOf(MediaItem m, Fetched f) {
            if (!f.streamFields().isEmpty()) {
                Map<String, String> all = new LinkedHashMap<>(m.fields());
                all.putAll(f.streamFields());
                return all;
            }
            ImageTransform.Result t = f.transformed();
            if (t != null && !t.changed() && t.note() != null) {
                Map<String, String> all = new LinkedHashMap<>(m.fields());
                all.put(ItemRecord.TRANSFORM_NOTE, t.note());
                return all;
            }
            if (t == null || !t.changed()) {
                return m.fields().isEmpty() ? null : m.fields();
            }
            Map<String, String> all = new LinkedHashMap<>(m.fields());
            if (t.sourceWidth() > 0) {
                all.put(ItemRecord.SOURCE_WIDTH, Integer.toString(t.sourceWidth()));
                all.put(ItemRecord.SOURCE_HEIGHT, Integer.toString(t.sourceHeight()));
            }
            if (t.orientation() != 1) {
                all.put(ItemRecord.ORIENTATION_APPLIED, Integer.toString(t.orientation()));
            }
            ImageTransform.Placement p = t.placement();
            if (p != null) {
                all.put(ItemRecord.TRANSFORM, p.operation());
                if (p.offsetX() != 0
                        || p.offsetY() != 0
                        || f.width() != p.scaledWidth()
                        || f.height() != p.scaledHeight()) {
                    all.put(ItemRecord.RESIZED_WIDTH, Integer.toString(p.scaledWidth()));
                    all.put(ItemRecord.RESIZED_HEIGHT, Integer.toString(p.scaledHeight()));
                    all.put(ItemRecord.OFFSET_X, Integer.toString(p.offsetX()));
                    all.put(ItemRecord.OFFSET_Y, Integer.toString(p.offsetY()));
                }
            }
            return all;
        }

        private String describe(Throwable err, String host) {
            Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (e instanceof FetchFailure f) {
                return guards.waitTooLong(f)
                        ? f.reason() + " (server asked to wait " + f.retryAfterMillis() / 1000
                                + "s, longer than --max-retry-wait)"
                        : f.reason();
            }
            if (e instanceof CircuitBreakerOpenException) {
                // the breaker's own exception says nothing of why: the host's last failure does
                String last = guards.lastHostFault(host);
                return "host unavailable: too many failures, circuit open"
                        + (last == null ? "" : " (last: " + last + ")");
            }
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
