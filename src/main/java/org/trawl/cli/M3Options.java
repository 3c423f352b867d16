package org.trawl.cli;

import org.trawl.core.TrawlException;
import org.trawl.internal.Network;
import org.trawl.source.m3.M3Client;
import picocli.CommandLine.Option;

/** Where M3 is and how hard trawl may lean on its API. */
public class M3Options {
    @Option(
            names = "--m3-url",
            paramLabel = "URL",
            defaultValue = "${env:TRAWL_M3_URL:-http://m3.shore.mbari.org}",
            description = "The M3 site; annotations at URL/anno/v1, the knowledge base at URL/kb/v1 "
                    + "(default: $TRAWL_M3_URL or ${DEFAULT-VALUE}).")
    String url;

    @Option(
            names = "--api-jobs",
            paramLabel = "N",
            defaultValue = "8",
            description =
                    "M3 API requests in flight (descendants, imaged moments, image references; default: ${DEFAULT-VALUE}).")
    int apiJobs;

    @Option(
            names = "--api-retries",
            paramLabel = "N",
            defaultValue = "4",
            description = "Retries of an M3 API request that failed transiently (default: ${DEFAULT-VALUE}).")
    int apiRetries;

    /** The client; {@code network} is the command's --insecure, --cacert and proxies. */
    public M3Client client(Network network) {
        if (apiJobs < 1 || apiRetries < 0) {
            throw TrawlException.usage("--api-jobs must be at least 1 and --api-retries at least 0");
        }
        return new M3Client(url, apiJobs, apiRetries, 500, network);
    }
}
