package org.trawl.cli;

import java.time.Duration;
import org.trawl.core.RequestHeaders;
import org.trawl.core.TrawlException;
import org.trawl.fetch.FetchOptions;
import org.trawl.fetch.Pacing;
import org.trawl.internal.Network;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The fetch engine's options, shared by every downloading command. */
public class EngineOptions {
    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "N",
            defaultValue = "32",
            description = "Transfers in flight at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(
            names = "--per-host",
            paramLabel = "N",
            defaultValue = "8",
            description = "Transfers in flight to one host, to stay polite (default: ${DEFAULT-VALUE}).")
    int perHost;

    @Option(
            names = "--retries",
            paramLabel = "N",
            defaultValue = "4",
            description = "Retries of a transient failure (connect error, timeout, 5xx, 429, truncated body), "
                    + "with jittered exponential backoff honouring Retry-After (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "Longest one attempt may take, e.g. 90s, 5m (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            defaultValue = "15s",
            converter = DurationConverter.class,
            description = "Longest wait for a connection (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description =
                    "Longest silence inside a response before the attempt is abandoned (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--overwrite", description = "Fetch every item again, even those already on disk.")
    boolean overwrite;

    @Option(names = "--retry-failed", description = "Fetch only the items that failed in earlier runs.")
    boolean retryFailed;

    @Option(
            names = "--fsync",
            description = "Sync each file and the checkpoint to disk before an item counts as done: "
                    + "survives a machine crash, not only a process crash (slower on disks).")
    boolean fsync;

    @Option(names = "--insecure", description = "Do not verify TLS certificates (verified by default).")
    boolean insecure;

    @Mixin
    NetworkOptions network;

    @Option(names = "--user-agent", paramLabel = "TEXT", description = "User-Agent header to send.")
    String userAgent;

    // 1 GiB: above any single photo or scan a dataset is made of (a 100-megapixel JPEG is tens of MB, an
    // uncompressed 16-bit 150-megapixel TIFF from a IIIF server ~900 MB, a CT or X-ray DICOM a few MB to a
    // few hundred), yet it bounds what one item can take of the disk: a server that never ends its body, or a
    // 50 GB file behind an image URL, fails that item instead of filling the disk. Whole-slide DICOMs and
    // giant TIFF mosaics need it raised.
    @Option(
            names = "--max-bytes",
            paramLabel = "SIZE",
            defaultValue = "1G",
            converter = SizeConverter.class,
            description = "Largest image kept, e.g. 200M, 4G (default: ${DEFAULT-VALUE}): a larger body fails its item "
                    + "('body over N bytes', not retried), before it is read when its Content-Length says so.")
    long maxBytes;

    @Option(
            names = "--decode-check",
            description = "Fully decode every image after download (gbifxdl's check): one "
                    + "that does not decode is a failure (failures.csv, exit 3) and is not kept. Formats the decoder does not "
                    + "support (webp, gif, tiff) pass, noted in metadata.csv. Images only: sound and video are checked "
                    + "by their container header, never decoded.")
    boolean decodeCheck;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "HEADER",
            description =
                    "A request header 'Name: value' for every download (repeatable). It goes to the origin (scheme, host "
                            + "and port) of each item's own URL, as the list or the service names it, and never to "
                            + "another origin a redirect leads to; it replaces a header of the same name trawl "
                            + "or the source would send. Also sent with the calls to a service's REST API (GBIF, "
                            + "FathomNet, M3, DataCite, Google), where it does not replace a header the client sets "
                            + "itself, and with IIIF documents; not with GBIF archive downloads. Never logged or stored.")
    java.util.List<String> headers = new java.util.ArrayList<>();

    @Option(
            names = "--netrc",
            description = "Basic auth for each item's host from the .netrc file named by $NETRC, else "
                    + "~/.netrc (machine, login, password and default entries, as curl reads them); "
                    + "none when that file does not exist.")
    boolean netrc;

    @Option(names = "--netrc-file", paramLabel = "FILE", description = "Like --netrc, from FILE.")
    java.nio.file.Path netrcFile;

    @Option(
            names = "--cookies",
            paramLabel = "FILE",
            description = "Send the cookies of FILE (the Netscape cookie-file format curl, wget and aria2 "
                    + "write) that match each download's URL by domain, path, secure flag and expiry. "
                    + "Cookies the servers set are not kept.")
    java.nio.file.Path cookies;

    @Option(
            names = "--rate",
            paramLabel = "N",
            description = "Requests per second to one host, at most (decimals allowed, e.g. 0.5): a token "
                    + "bucket per host shared by all transfers to it, retries included; on top of "
                    + "--per-host and a server's Retry-After. Default: no limit.")
    Double rate;

    @Option(
            names = "--limit-rate",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "Bandwidth of all downloads together, at most, in bytes per second, e.g. 500K, 2M "
                    + "(as curl's option). Default: no limit.")
    Long limitRate;

    @Option(
            names = "--max-retry-wait",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Longest a server's Retry-After may make a download wait before its retry "
                    + "(default: ${DEFAULT-VALUE}); an item asked to wait longer fails at once, "
                    + "and a later run retries it.")
    Duration maxRetryWait;

    private Network resolved;

    /** --insecure, --cacert and the proxies: read once (the CA file, the environment). */
    public Network network() {
        if (resolved == null) {
            resolved = network.network(insecure);
        }
        return resolved;
    }

    public FetchOptions toFetchOptions(String version) {
        if (jobs < 1 || jobs > 4096) {
            throw TrawlException.usage("--jobs must be between 1 and 4096, got " + jobs);
        }
        if (perHost < 1) {
            throw TrawlException.usage("--per-host must be at least 1, got " + perHost);
        }
        if (retries < 0 || retries > 100) {
            throw TrawlException.usage("--retries must be between 0 and 100, got " + retries);
        }
        if (overwrite && retryFailed) {
            throw TrawlException.usage("--overwrite and --retry-failed cannot be used together");
        }
        FetchOptions.Mode mode = overwrite
                ? FetchOptions.Mode.OVERWRITE
                : retryFailed ? FetchOptions.Mode.RETRY_FAILED : FetchOptions.Mode.RESUME;
        String ua = userAgent != null ? userAgent : "trawl/" + version + " (dataset downloader)";
        return new FetchOptions(
                jobs,
                Math.min(perHost, jobs),
                retries,
                connectTimeout,
                idleTimeout,
                timeout,
                network(),
                fsync,
                mode,
                ua,
                maxBytes,
                decodeCheck,
                pacing(),
                userHeaders());
    }

    private RequestHeaders userHeaders;

    /** -H, --netrc and --cookies, read once. */
    RequestHeaders userHeaders() {
        if (userHeaders == null) {
            userHeaders = UserOptions.headers(headers, netrc, netrcFile, cookies);
        }
        return userHeaders;
    }

    private Pacing pacing() {
        if (rate != null && !(rate > 0 && rate <= 1_000_000)) {
            throw TrawlException.usage("--rate must be a number of requests per second above 0, got " + rate);
        }
        return new Pacing(rate == null ? 0 : rate, limitRate == null ? 0 : limitRate, maxRetryWait);
    }
}
