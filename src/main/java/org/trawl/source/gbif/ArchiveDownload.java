package org.trawl.source.gbif;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.trawl.cli.ExitCode;
import org.trawl.cli.TrawlException;

/**
 * Streams a download archive to {@code DIR/<key>.zip}: to {@code <key>.zip.part} first, resumed with
 * HTTP Range after an interruption (in this run or the next), checked against the size GBIF
 * announced, then renamed. gbifxdl held the whole zip in memory and could not resume. A plain JDK
 * HTTP client rather than the REST client: this is one large binary body that must go straight to
 * disk, and the fetch engine is made for images (it refuses what is not one).
 */
public final class ArchiveDownload {
    private static final int ATTEMPTS = 8;

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL) // GBIF answers with a redirect to its storage host
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    private final PrintStream log;

    public ArchiveDownload(PrintStream log) {
        this.log = log;
    }

    /** Downloads {@code url} to {@code dir/<key>.zip}; {@code expectedSize} ≤ 0 when unknown. */
    public Path fetch(String url, Path dir, String key, long expectedSize) {
        Path zip = dir.resolve(key + ".zip");
        Path part = dir.resolve(key + ".zip.part");
        try {
            Files.createDirectories(dir);
            if (Files.exists(zip) && (expectedSize <= 0 || Files.size(zip) == expectedSize)) {
                log.println("trawl: " + zip + " is already here");
                return zip;
            }
            String problem = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    if (once(url, part, expectedSize)) {
                        Files.move(part, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        return zip;
                    }
                    problem = "the body ended early";
                } catch (IOException e) {
                    problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                }
                long wait = Math.min(60_000, 500L << Math.min(attempt, 7));
                wait = wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
                log.printf(Locale.ROOT, "trawl: archive %s: %s; resuming in %.1fs%n", key, problem, wait / 1000.0);
                Thread.sleep(wait);
            }
            throw new TrawlException(ExitCode.FATAL, "the archive " + key + " did not download after " + ATTEMPTS
                    + " attempts (" + problem + "); run the same command again to resume from " + part);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrawlException(ExitCode.FATAL, "interrupted; run again to resume " + part);
        } catch (IOException e) {
            throw new TrawlException(ExitCode.FATAL, "cannot write the archive in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One attempt; true when the part file is whole. */
    private boolean once(String url, Path part, long expectedSize) throws IOException, InterruptedException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (expectedSize > 0 && have == expectedSize) {
            return true;
        }
        if (expectedSize > 0 && have > expectedSize) {
            Files.delete(part);
            have = 0;
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).GET();
        if (have > 0) {
            rb.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = r.statusCode();
        boolean append;
        if (status == 206 && have > 0) {
            append = true;
            log.println("trawl: resuming the archive at byte " + have);
        } else if (status == 200) {
            append = false; // no ranges here: start again
        } else if (status == 416 && have > 0) {
            r.body().close();
            Files.delete(part); // our partial file does not fit the archive any more
            throw new IOException("HTTP 416 for a resumed range; starting again");
        } else {
            r.body().close();
            if (status == 404 || status == 410) {
                throw new TrawlException(ExitCode.FATAL, "the archive is gone (HTTP " + status + ") at " + url);
            }
            throw new IOException("HTTP " + status);
        }
        try (InputStream in = r.body();
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(out);
        }
        long size = Files.size(part);
        long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (expectedSize > 0) {
            return size == expectedSize;
        }
        return declared < 0 || size == (append ? have : 0) + declared;
    }
}
