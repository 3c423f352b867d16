package org.trawl.source.gbif;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.internal.JdkRedirects;
import org.trawl.internal.LockFile;
import org.trawl.internal.Network;
import org.trawl.internal.Redaction;
import org.trawl.internal.RedirectPolicy;
import org.trawl.internal.RetryAfter;

/**
 * Streams a GBIF download archive to {@code DIR/<key>.zip}, for {@code gbif request --download} and
 * {@code gbif dwca KEY|DOI} alike: to {@code <key>.zip.part} first, resumed with {@code Range} +
 * {@code If-Range} (the ETag or Last-Modified kept in {@code <key>.zip.part.validator}) after an
 * interruption in this run or the next, checked against the size GBIF announced, then renamed. A
 * complete zip is reused. gbifxdl held the whole zip in memory and could not resume.
 *
 * <p>A plain JDK HTTP client rather than the REST client: this is one large binary body that must go
 * straight to disk, and the fetch engine is made for images (it refuses what is not one).
 */
public final class ArchiveDownload {
    private static final int ATTEMPTS = 8;
    private static final long MAX_WAIT_MS = 60_000;

    private final HttpClient http;
    private final PrintStream log;
    private final String userAgent;
    private final Network network;

    public ArchiveDownload(PrintStream log, String userAgent, Network network) {
        this.log = log;
        this.userAgent = userAgent;
        this.network = network;
        HttpClient.Builder b = HttpClient.newBuilder()
                // GBIF answers with a redirect to its storage host: JdkRedirects follows it under the policy
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30));
        this.http = network.configure(b).build();
    }

    /**
     * Downloads {@code url} to {@code dir/<key>.zip}; {@code expectedSize} ≤ 0 when unknown. Holds a
     * file lock meanwhile: the processes of a sharded run (--shard, a Slurm array) start together with
     * the same key, and one downloads while the others wait and then reuse the zip.
     */
    public Path fetch(String url, Path dir, String key, long expectedSize) {
        GbifDownloads.checkKey(key); // from GBIF's reply, and it names files: "../x" or "/etc/x" must not
        try {
            Files.createDirectories(dir);
            return LockFile.holding(dir.resolve(key + ".zip.lock"), () -> fetchLocked(url, dir, key, expectedSize));
        } catch (IOException e) {
            throw new TrawlException(ExitCode.FATAL, "cannot write the archive in " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path fetchLocked(String url, Path dir, String key, long expectedSize) throws IOException {
        Path zip = dir.resolve(key + ".zip");
        Path part = dir.resolve(key + ".zip.part");
        Path validator = dir.resolve(key + ".zip.part.validator");
        if (Files.isRegularFile(zip) && (expectedSize <= 0 || Files.size(zip) == expectedSize)) {
            log.println("trawl: using " + zip + " (already downloaded)");
            return zip;
        }
        String problem = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Attempt a;
            try {
                a = once(url, part, validator, expectedSize);
            } catch (RedirectPolicy.Refused e) {
                throw new TrawlException(ExitCode.FATAL, "the archive " + key + " did not download: " + e.getMessage());
            } catch (javax.net.ssl.SSLHandshakeException e) {
                // not transient: the same certificate comes back on every attempt
                throw new TrawlException(
                        ExitCode.FATAL,
                        "the archive " + key + " did not download: TLS error: " + Redaction.line(e.getMessage())
                                + " (--insecure skips certificate checks)");
            } catch (IOException e) {
                String refused = network.proxyRefusal(url, -1, e);
                if (refused != null) { // the same credentials would be refused again
                    throw new TrawlException(ExitCode.FATAL, "the archive " + key + " did not download: " + refused);
                }
                a = Attempt.retry(
                        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrawlException(ExitCode.FATAL, "interrupted; run again to resume " + part);
            }
            if (a.done()) {
                Files.move(part, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(validator);
                return zip;
            }
            problem = a.problem();
            if (attempt < ATTEMPTS) {
                long wait = wait(a.retryAfter(), attempt);
                log.printf(Locale.ROOT, "trawl: archive %s: %s; resuming in %.1fs%n", key, problem, wait / 1000.0);
                sleep(wait, part);
            }
        }
        throw new TrawlException(
                ExitCode.FATAL,
                "the archive " + key + " did not download after " + ATTEMPTS + " attempts (" + problem
                        + "); run the same command again to resume from " + part);
    }

    /** How one attempt ended: the part file is whole, or why to try again (and when the server said to). */
    private record Attempt(boolean done, String problem, String retryAfter) {
        static final Attempt DONE = new Attempt(true, null, null);

        static Attempt retry(String problem, String retryAfter) {
            return new Attempt(false, problem, retryAfter);
        }
    }

    private Attempt once(String url, Path part, Path validatorFile, long expectedSize)
            throws IOException, InterruptedException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (expectedSize > 0 && have == expectedSize) {
            return Attempt.DONE;
        }
        if (expectedSize > 0 && have > expectedSize) {
            Files.delete(part);
            have = 0;
        }
        boolean ranged = have > 0;
        HttpResponse<InputStream> r = JdkRedirects.send(
                http, request(url, validatorFile, have), HttpResponse.BodyHandlers.ofInputStream(), network.insecure());
        int status = r.statusCode();
        String retryAfter = r.headers().firstValue("Retry-After").orElse(null);
        if (status == 416 && ranged) {
            r.body().close();
            if (expectedSize > 0 && have == expectedSize) {
                return Attempt.DONE;
            }
            Files.delete(part); // our partial file does not fit the archive any more
            return Attempt.retry("HTTP 416 for a resumed range; starting again", null);
        }
        if (status == 429 || status == 408 || status >= 500) {
            r.body().close();
            return Attempt.retry("HTTP " + status, retryAfter);
        }
        if (status != 200 && status != 206) {
            r.body().close();
            String refused = network.proxyRefusal(r.request().uri(), status, null);
            if (refused != null) {
                throw new TrawlException(ExitCode.FATAL, "the archive did not download: " + refused);
            }
            throw new TrawlException(
                    ExitCode.FATAL, "the archive is not there (HTTP " + status + ") at " + Redaction.line(url));
        }
        boolean append = status == 206
                && ranged
                && r.headers().firstValue("Content-Range").orElse("").startsWith("bytes " + have + "-");
        if (status == 206 && !append) {
            r.body().close();
            Files.deleteIfExists(part);
            return Attempt.retry("the server answered a range that was not asked for; starting again", null);
        }
        return store(r, append, part, validatorFile, expectedSize);
    }

    /** The GET of the archive; from byte {@code have} on when part of it is already on disk. */
    private HttpRequest request(String url, Path validatorFile, long have) throws IOException {
        String validator = Files.isRegularFile(validatorFile)
                ? Files.readString(validatorFile).strip()
                : "";
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url))
                .header("User-Agent", userAgent)
                .timeout(Duration.ofMinutes(30))
                .GET();
        if (have > 0) {
            rb.header("Range", "bytes=" + have + "-");
            if (!validator.isEmpty()) {
                // a changed archive then comes back whole (200) instead of being spliced onto old bytes
                rb.header("If-Range", validator);
            }
            log.println("trawl: resuming the archive at byte " + have);
        }
        return rb.build();
    }

    /**
     * Streams a 200 or 206 body into the part file (appended to for a resumed range), and checks it came
     * whole: the length the server declared and the size GBIF announced.
     */
    private Attempt store(HttpResponse<InputStream> r, boolean append, Path part, Path validatorFile, long expectedSize)
            throws IOException {
        if (!append) {
            String v = r.headers()
                    .firstValue("ETag")
                    .orElse(r.headers().firstValue("Last-Modified").orElse(""));
            Files.writeString(validatorFile, v, StandardCharsets.UTF_8);
        }
        long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        long copied;
        try (InputStream in = r.body();
                OutputStream out = Files.newOutputStream(
                        part,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            copied = in.transferTo(out);
        }
        if (declared >= 0 && copied < declared) {
            return Attempt.retry("the body ended after " + copied + " of " + declared + " bytes", null);
        }
        long size = Files.size(part);
        if (expectedSize > 0 && size != expectedSize) {
            Files.deleteIfExists(part);
            return Attempt.retry("got " + size + " bytes where GBIF announced " + expectedSize, null);
        }
        return Attempt.DONE;
    }

    /** The server's Retry-After when it sent one, else exponential backoff with jitter. */
    private static long wait(String retryAfter, int attempt) {
        long ra = retryAfter == null ? -1 : RetryAfter.millis(retryAfter, Instant.now());
        if (ra >= 0) {
            return Math.min(ra, MAX_WAIT_MS);
        }
        long cap = Math.min(MAX_WAIT_MS, 250L << Math.min(attempt, 8));
        return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    }

    private static void sleep(long ms, Path part) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrawlException(ExitCode.FATAL, "interrupted; run again to resume " + part);
        }
    }
}
