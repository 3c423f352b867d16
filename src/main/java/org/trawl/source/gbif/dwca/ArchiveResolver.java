package org.trawl.source.gbif.dwca;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.trawl.fetch.RetryAfter;

/**
 * Turns the command's argument into a local archive: a zip or folder as is; a GBIF download key
 * through {@code GET {api}/occurrence/download/{key}}; a DOI through GBIF's DOI path, with DataCite as
 * the fallback (gbif-dl only used DataCite, and sent plain keys there too). The zip is downloaded into
 * the work folder and reused when it is there and complete.
 *
 * <p>The archive comes through the JDK HttpClient, not the fetch engine: the engine is built for many
 * small images (magic-byte validation, image extensions, per-host scheduling), while this is one large
 * sequential file where a Range + If-Range resume is a few lines.
 */
public final class ArchiveResolver {
    static final Pattern KEY = Pattern.compile("^\\d+-\\d+$");
    static final Pattern DOI = Pattern.compile("^(?:doi:|https?://(?:dx\\.)?doi\\.org/)?(10\\.\\d{4,9})/(\\S+)$",
            Pattern.CASE_INSENSITIVE);
    private static final int ATTEMPTS = 5;

    private final String gbifApi;
    private final String dataciteApi;
    private final Path workDir;
    private final PrintStream log;
    private final String userAgent;

    public ArchiveResolver(String gbifApi, String dataciteApi, Path workDir, PrintStream log, String userAgent) {
        this.gbifApi = trim(gbifApi);
        this.dataciteApi = trim(dataciteApi);
        this.workDir = workDir;
        this.log = log;
        this.userAgent = userAgent;
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A local archive for the argument, downloading it if needed. */
    public Path resolve(String arg) throws IOException {
        Path local = Path.of(arg);
        if (Files.exists(local)) {
            return local;
        }
        Matcher doi = DOI.matcher(arg.trim());
        DownloadInfo info;
        if (doi.matches()) {
            info = byDoi(doi.group(1), doi.group(2));
        } else if (KEY.matcher(arg.trim()).matches()) {
            info = byKey(arg.trim());
        } else {
            throw new DwcaException(arg + ": no such file or folder, and not a GBIF download key or DOI");
        }
        return fetch(ready(info));
    }

    private GbifDownloadApi gbifClient;

    private GbifDownloadApi gbif() {
        if (gbifClient != null) {
            return gbifClient;
        }
        return gbifClient = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(gbifApi)).connectTimeout(15, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS).build(GbifDownloadApi.class);
    }

    private DownloadInfo byKey(String key) {
        try {
            return retrying(() -> gbif().byKey(key));
        } catch (WebApplicationException e) {
            int st = e.getResponse().getStatus();
            throw new DwcaException("download " + key + ": GBIF answered " + st + (st == 404 ? " (no such download)" : ""));
        }
    }

    private DownloadInfo byDoi(String prefix, String suffix) {
        String doi = prefix + "/" + suffix;
        try {
            return retrying(() -> gbif().byDoi(prefix, suffix));
        } catch (WebApplicationException | ProcessingException e) {
            // GBIF did not know it (or is down): ask DataCite, as gbif-dl does
            JsonNode rec;
            try {
                DataCiteApi dc = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(dataciteApi))
                        .connectTimeout(15, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS).build(DataCiteApi.class);
                rec = retrying(() -> dc.doi(prefix, suffix));
            } catch (WebApplicationException e2) {
                throw new DwcaException("DOI " + doi + ": unknown to GBIF and to DataCite (" + e2.getResponse().getStatus() + ")");
            }
            String url = rec.path("data").path("attributes").path("url").asText("");
            String key = url.replaceAll("/+$", "");
            key = key.substring(key.lastIndexOf('/') + 1);
            if (!KEY.matcher(key).matches()) {
                throw new DwcaException("DOI " + doi + ": DataCite points to " + (url.isEmpty() ? "no URL" : url)
                        + ", which does not end in a GBIF download key");
            }
            return byKey(key);
        }
    }

    private static DownloadInfo ready(DownloadInfo info) {
        String status = info.status() == null ? "" : info.status().toUpperCase(Locale.ROOT);
        switch (status) {
            case "SUCCEEDED" -> {
            }
            case "PREPARING", "RUNNING", "SUSPENDED" -> throw new DwcaException("download " + info.key() + " is " + status
                    + ": not ready yet (see trawl gbif status " + info.key() + ")");
            default -> throw new DwcaException("download " + info.key() + " is " + (status.isEmpty() ? "of unknown status" : status)
                    + ": there is no archive to read");
        }
        String format = info.format().toUpperCase(Locale.ROOT);
        if (!format.isEmpty() && !format.equals("DWCA")) {
            throw new DwcaException("download " + info.key() + " is a " + format + " download: it has no media URLs. "
                    + "Request a DWCA download instead");
        }
        return info;
    }

    /**
     * Downloads the archive under a file lock: the processes of a sharded run (--shard, a Slurm array)
     * start together with the same key, and one of them downloads while the others wait and reuse it.
     */
    Path fetch(DownloadInfo info) throws IOException {
        Files.createDirectories(workDir);
        try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(workDir.resolve(info.key() + ".zip.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                java.nio.channels.FileLock ignored = lock.lock()) {
            return fetchLocked(info);
        }
    }

    /** Downloads the archive into the work folder, resuming a partial file; reuses a complete one. */
    private Path fetchLocked(DownloadInfo info) throws IOException {
        String link = info.downloadLink() != null && !info.downloadLink().isBlank() ? info.downloadLink()
                : gbifApi + "/occurrence/download/request/" + info.key() + ".zip";
        Files.createDirectories(workDir);
        Path target = workDir.resolve(info.key() + ".zip");
        Long expected = info.size() != null && info.size() > 0 ? info.size() : null;
        if (Files.isRegularFile(target) && (expected == null || Files.size(target) == expected)) {
            log.println("dwca: using " + target + " (already downloaded)");
            return target;
        }
        Path part = workDir.resolve(info.key() + ".zip.part");
        Path validatorFile = workDir.resolve(info.key() + ".zip.part.validator");
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(15)).build();
        IOException last = null;
        boolean done = false;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long have = Files.isRegularFile(part) ? Files.size(part) : 0;
            String validator = Files.isRegularFile(validatorFile) ? Files.readString(validatorFile).trim() : "";
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(link)).header("User-Agent", userAgent)
                    .timeout(Duration.ofMinutes(30)).GET();
            boolean ranged = have > 0 && !validator.isEmpty();
            if (ranged) {
                rb.header("Range", "bytes=" + have + "-").header("If-Range", validator);
            }
            log.println("dwca: downloading " + link + (ranged ? " (resuming at " + have + " bytes)" : ""));
            try {
                HttpResponse<InputStream> resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
                int st = resp.statusCode();
                if (st == 416 && expected != null && have == expected) {
                    resp.body().close();
                    done = true;
                    break;
                }
                if (st == 429 || st >= 500 || st == 416) {
                    resp.body().close();
                    if (st == 416) {
                        Files.deleteIfExists(part);
                    }
                    last = new IOException(link + " answered " + st);
                    sleep(resp.headers().firstValue("Retry-After").orElse(null), attempt);
                    continue;
                }
                if (st != 200 && st != 206) {
                    resp.body().close();
                    throw new DwcaException("download " + info.key() + ": " + link + " answered " + st);
                }
                boolean append = st == 206 && resp.headers().firstValue("Content-Range").orElse("").startsWith("bytes " + have + "-");
                if (st == 206 && !append) {
                    resp.body().close();
                    Files.deleteIfExists(part);
                    last = new IOException(link + " answered an unexpected range");
                    continue;
                }
                if (!append) {
                    String v = resp.headers().firstValue("ETag")
                            .orElse(resp.headers().firstValue("Last-Modified").orElse(""));
                    Files.writeString(validatorFile, v, StandardCharsets.UTF_8);
                }
                long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
                long copied;
                try (InputStream in = resp.body();
                        OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                    copied = in.transferTo(out);
                }
                if (length >= 0 && copied < length) {
                    last = new IOException(link + " ended after " + copied + " of " + length + " bytes");
                    sleep(null, attempt);
                    continue;
                }
                if (expected != null && Files.size(part) != expected) {
                    last = new IOException(link + " gave " + Files.size(part) + " bytes, GBIF says " + expected);
                    Files.deleteIfExists(part);
                    continue;
                }
                done = true;
                break;
            } catch (IOException e) {
                last = e;
                sleep(null, attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (!done) {
            throw new IOException("download " + info.key() + " failed after " + ATTEMPTS + " attempts: "
                    + (last == null ? "incomplete" : last.getMessage()) + " (re-run to resume)");
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(validatorFile);
        return target;
    }

    private static void sleep(String retryAfter, int attempt) {
        long ms = retryAfter == null ? -1 : RetryAfter.millis(retryAfter, Instant.now());
        if (ms < 0) {
            ms = (long) (200 * Math.pow(2, attempt - 1) * (0.5 + Math.random()));
        }
        try {
            Thread.sleep(Math.min(ms, 60_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A few attempts at a metadata call on connection errors, 429 and 5xx, honouring Retry-After. */
    private static <T> T retrying(Supplier<T> call) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 4; attempt++) {
            try {
                return call.get();
            } catch (WebApplicationException e) {
                int st = e.getResponse().getStatus();
                if (st != 429 && st < 500) {
                    throw e;
                }
                last = e;
                sleep(e.getResponse().getHeaderString("Retry-After"), attempt);
            } catch (ProcessingException e) {
                last = e;
                sleep(null, attempt);
            }
        }
        throw last;
    }
}
