package org.trawl.cli.gbif;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.trawl.cli.NetworkOptions;
import org.trawl.core.ExitCode;
import org.trawl.internal.Json;
import org.trawl.source.gbif.DownloadStatus;
import org.trawl.source.gbif.GbifClient;
import org.trawl.source.gbif.GbifDownloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trawl gbif status KEY|DOI}: where a download request stands. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show a GBIF download's status (PREPARING, RUNNING, SUCCEEDED, ...), size, record count and DOI.")
public class GbifStatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KEY|DOI", description = "Download key (0012150-260108223611665) or DOI.")
    String key;

    @Option(names = "--json", description = "Print GBIF's status object as JSON.")
    boolean json;

    @Mixin
    GbifApiOption api;

    @Option(names = "--insecure", description = "Do not verify TLS certificates (verified by default).")
    boolean insecure;

    @Mixin
    NetworkOptions network;

    @Override
    public Integer call() throws Exception {
        try (GbifClient client = api.client(network.network(insecure))) {
            DownloadStatus s = new GbifDownloads(client).status(key);
            if (json) {
                System.out.println(Json.MAPPER.writeValueAsString(s));
            } else {
                print(s, System.out);
            }
            return s.succeeded() || s.pending() ? ExitCode.OK : ExitCode.FATAL;
        }
    }

    static void print(DownloadStatus s, PrintStream out) {
        out.printf(Locale.ROOT, "key:      %s%n", s.key());
        out.printf(Locale.ROOT, "status:   %s%n", s.status());
        if (s.doi() != null) {
            out.printf(Locale.ROOT, "doi:      %s%n", s.doi());
        }
        out.printf(Locale.ROOT, "records:  %d%n", s.totalRecords());
        out.printf(Locale.ROOT, "size:     %d bytes%n", s.size());
        if (s.license() != null) {
            out.printf(Locale.ROOT, "license:  %s%n", s.license());
        }
        if (s.request() != null && s.request().has("format")) {
            out.printf(Locale.ROOT, "format:   %s%n", s.request().get("format").asText());
        }
        if (s.downloadLink() != null) {
            out.printf(Locale.ROOT, "link:     %s%n", s.downloadLink());
        }
        if (s.created() != null) {
            out.printf(Locale.ROOT, "created:  %s%n", s.created());
        }
    }
}
