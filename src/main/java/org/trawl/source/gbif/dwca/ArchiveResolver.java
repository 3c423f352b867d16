package org.trawl.source.gbif.dwca;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.trawl.internal.Network;
import org.trawl.internal.RetryAfter;
import org.trawl.source.gbif.ArchiveDownload;
import org.trawl.source.gbif.DownloadStatus;
import org.trawl.source.gbif.GbifClient;
import org.trawl.source.gbif.GbifDownloads;

/**
 * Turns the command's argument into a local archive: a zip or folder as is; a GBIF download key
 * through {@code GET {api}/occurrence/download/{key}}; a DOI through GBIF's DOI path, with DataCite as
 * the fallback (gbif-dl only used DataCite, and sent plain keys there too). GBIF is asked through the
 * one GBIF client ({@link GbifDownloads}) and the zip comes through {@link ArchiveDownload} into the work
 * folder (resumed, and reused when it is there and complete), as for {@code gbif request --download}.
 */
public final class ArchiveResolver {
    static final Pattern KEY = Pattern.compile("^\\d+-\\d+$");
    static final Pattern DOI = Pattern.compile(
            "^(?:doi:|https?://(?:dx\\.)?doi\\.org/)?(10\\.\\d{4,9})/(\\S+)$", Pattern.CASE_INSENSITIVE);

    private final String gbifApi;
    private final String dataciteApi;
    private final Path workDir;
    private final PrintStream log;
    private final String userAgent;
    private final Network network;

    public ArchiveResolver(
            String gbifApi, String dataciteApi, Path workDir, PrintStream log, String userAgent, Network network) {
        this.network = network;
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
        if (!doi.matches() && !KEY.matcher(arg.trim()).matches()) {
            throw new DwcaException(arg + ": no such file or folder, and not a GBIF download key or DOI");
        }
        try (GbifClient client = GbifClient.create(gbifApi, network)) {
            GbifDownloads gbif = new GbifDownloads(client);
            DownloadStatus info = doi.matches() ? byDoi(gbif, doi.group(1), doi.group(2)) : byKey(gbif, arg.trim());
            ready(info);
            return new ArchiveDownload(log, userAgent, network)
                    .fetch(gbif.archiveUrl(info), workDir, info.key(), info.size());
        }
    }

    private static DownloadStatus byKey(GbifDownloads gbif, String key) {
        DownloadStatus s = gbif.find(key);
        if (s == null) {
            throw new DwcaException("download " + key + ": GBIF answered 404 (no such download)");
        }
        return s;
    }

    private DownloadStatus byDoi(GbifDownloads gbif, String prefix, String suffix) {
        String doi = prefix + "/" + suffix;
        DownloadStatus s;
        try {
            s = gbif.find(doi);
        } catch (GbifClient.TransientFailure e) {
            s = null; // GBIF is down: DataCite may still name the key, and the archive may be on a mirror
        }
        if (s != null) {
            return s;
        }
        // GBIF did not know it: ask DataCite, as gbif-dl does
        JsonNode rec;
        try {
            URI base = URI.create(dataciteApi);
            DataCiteApi dc = network.configure(QuarkusRestClientBuilder.newBuilder(), base)
                    .baseUri(base)
                    .connectTimeout(15, TimeUnit.SECONDS)
                    .readTimeout(60, TimeUnit.SECONDS)
                    .build(DataCiteApi.class);
            rec = retrying(() -> dc.doi(prefix, suffix));
        } catch (WebApplicationException e2) {
            throw new DwcaException("DOI " + doi + ": unknown to GBIF and to DataCite ("
                    + e2.getResponse().getStatus() + ")");
        }
        String url = rec.path("data").path("attributes").path("url").asText("");
        String key = url.replaceAll("/+$", "");
        key = key.substring(key.lastIndexOf('/') + 1);
        if (!KEY.matcher(key).matches()) {
            throw new DwcaException("DOI " + doi + ": DataCite points to " + (url.isEmpty() ? "no URL" : url)
                    + ", which does not end in a GBIF download key");
        }
        return byKey(gbif, key);
    }

    private static void ready(DownloadStatus info) {
        String status = info.status() == null ? "" : info.status().toUpperCase(Locale.ROOT);
        if (!status.equals("SUCCEEDED")) {
            throw new DwcaException(
                    "download " + info.key() + " is " + (status.isEmpty() ? "of unknown status" : status)
                            + (info.pending()
                                    ? ": not ready yet (see trawl gbif status " + info.key() + ")"
                                    : ": there is no archive to read"));
        }
        String format = info.format().toUpperCase(Locale.ROOT);
        if (!format.isEmpty() && !format.equals("DWCA")) {
            throw new DwcaException("download " + info.key() + " is a " + format + " download: it has no media URLs. "
                    + "Request a DWCA download instead");
        }
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

    /** A few attempts at a DataCite call on connection errors, 429 and 5xx, honouring Retry-After. */
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
