package org.trawl.cli.gbif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.ConfigProvider;
import org.trawl.cli.DurationConverter;
import org.trawl.cli.NetworkOptions;
import org.trawl.cli.VersionProvider;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.internal.Json;
import org.trawl.internal.Redaction;
import org.trawl.source.gbif.ArchiveDownload;
import org.trawl.source.gbif.DownloadStatus;
import org.trawl.source.gbif.GbifClient;
import org.trawl.source.gbif.GbifDownloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trawl gbif request PREDICATE.json}: gbifxdl's post + poll_status + download_occurrences,
 * with the password kept out of argv and logs, patient polling (hours, not gbifxdl's 10 minutes),
 * and a streamed, resumable archive download.
 */
@Command(
        name = "request",
        mixinStandardHelpOptions = true,
        description = "Ask GBIF for an occurrence download (a Darwin Core Archive by default) from a predicate, "
                + "optionally wait for it and download the archive. Prints the download key on stdout.",
        footer = {
            "",
            "The password comes from GBIF_PASSWORD or a prompt (never an argument). PREDICATE.json holds a "
                    + "bare predicate ({\"type\":\"equals\",\"key\":\"TAXON_KEY\",\"value\":\"212\"}) or a full request "
                    + "body (creator, format, notification_address, predicate); creator is set from --user."
        })
public class GbifRequestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PREDICATE.json", description = "The predicate or request body.")
    Path file;

    @Option(
            names = {"-u", "--user"},
            paramLabel = "USER",
            defaultValue = "${env:GBIF_USER}",
            description = "GBIF user name (default: $GBIF_USER, else the body's creator).")
    String user;

    // read here, not by picocli's interactive option: without a terminal picocli printed its prompt on
    // stdout, which carries the download key (KEY=$(trawl gbif request ...) got the prompt too)
    @Option(
            names = "--password",
            description = "Ask for the password even when GBIF_PASSWORD is set: on the "
                    + "terminal, or one line on standard input when there is none (the prompt goes to stderr).")
    boolean askPassword;

    @Option(
            names = "--email",
            paramLabel = "ADDR,...",
            split = ",",
            description = "Notification addresses (GBIF mails them when the download is ready).")
    List<String> emails = new ArrayList<>();

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "DWCA (default, or the body's format), SIMPLE_CSV, SPECIES_LIST, SIMPLE_PARQUET, ...")
    String format;

    @Option(names = "--wait", description = "Poll until the download is ready (or has failed).")
    boolean wait;

    @Option(
            names = "--poll-interval",
            paramLabel = "DURATION",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Time between status polls (default: ${DEFAULT-VALUE}); GBIF may take hours.")
    Duration pollInterval;

    @Option(names = "--download", description = "Wait, then download the archive to OUT/<key>.zip (resumable).")
    boolean download;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Where the archive goes with --download (default: the current folder).")
    Path output;

    @Mixin
    GbifApiOption api;

    @Option(names = "--insecure", description = "Do not verify TLS certificates (verified by default).")
    boolean insecure;

    @Mixin
    NetworkOptions network;

    @Override
    public Integer call() {
        JsonNode json = readJson(file);
        String who =
                user != null && !user.isBlank() ? user : json.path("creator").asText(null);
        if (who == null || who.isBlank()) {
            throw TrawlException.usage("give --user (or GBIF_USER, or \"creator\" in the body)");
        }
        ObjectNode body = GbifDownloads.body(json, who, format, emails);
        char[] secret = password(who);
        try (GbifClient client = api.client(network.network(insecure))) {
            GbifDownloads downloads = new GbifDownloads(client);
            String key = downloads.request(body, who, secret);
            Arrays.fill(secret, '\0');
            System.out.println(key);
            System.out.flush();
            System.err.println("trawl: GBIF accepted download " + key + "; see `trawl gbif status " + key + "`");
            if (!wait && !download) {
                return ExitCode.OK;
            }
            DownloadStatus done = poll(downloads, key);
            if (!download) {
                return ExitCode.OK;
            }
            Path zip = new ArchiveDownload(System.err, "trawl/" + VersionProvider.version(), network.network(insecure))
                    .fetch(downloads.archiveUrl(done), output, key, done.size());
            System.err.println("trawl: archive in " + zip);
            String format = done.format().isEmpty() ? body.path("format").asText("DWCA") : done.format();
            if (format.equalsIgnoreCase("DWCA")) {
                System.err.println("next: trawl gbif dwca " + zip + " --label speciesKey -o DIR");
            } else { // only a Darwin Core Archive carries the media URLs gbif dwca reads
                System.err.println("trawl: a " + Redaction.line(format) + " download has no media URLs for "
                        + "`trawl gbif dwca`; request the DWCA format (--format DWCA) to build an image dataset");
            }
            return ExitCode.OK;
        }
    }

    private DownloadStatus poll(GbifDownloads downloads, String key) {
        String last = null;
        while (true) {
            DownloadStatus s;
            try {
                s = downloads.status(key);
            } catch (GbifClient.TransientFailure e) {
                // GBIF jobs take hours; a bad minute on the network must not lose the wait
                System.err.println("trawl: " + e.getMessage() + "; polling again in " + human(pollInterval));
                sleep(pollInterval);
                continue;
            }
            if (!s.status().equals(last)) {
                System.err.println("trawl: " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " download " + key
                        + ": " + s.status() + (s.totalRecords() > 0 ? " (" + s.totalRecords() + " records)" : ""));
                last = s.status();
            }
            if (s.succeeded()) {
                if (s.doi() != null) {
                    System.err.println("trawl: cite it as https://doi.org/" + s.doi());
                }
                return s;
            }
            if (!s.pending()) {
                throw new TrawlException(ExitCode.FATAL, "download " + key + " ended as " + s.status());
            }
            sleep(pollInterval);
        }
    }

    /** --password (a prompt), else GBIF_PASSWORD, else a prompt on the terminal; never argv. */
    private char[] password(String who) {
        if (askPassword) {
            return prompt(who);
        }
        // GBIF_PASSWORD, read through MicroProfile Config (its environment source maps it to gbif.password)
        String env = ConfigProvider.getConfig()
                .getOptionalValue("gbif.password", String.class)
                .orElse(null);
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        if (System.console() != null) {
            return prompt(who);
        }
        throw TrawlException.usage("no GBIF password: set GBIF_PASSWORD, or run on a terminal to be asked, "
                + "or pass --password and give it on standard input");
    }

    /** Asks on the terminal (not echoed), else reads one line of standard input; the prompt never goes to stdout. */
    private static char[] prompt(String who) {
        Console console = System.console();
        char[] p;
        if (console != null) {
            p = console.readPassword("GBIF password for %s: ", who);
        } else {
            System.err.print("GBIF password for " + who + ": ");
            System.err.flush();
            try {
                // not closed: System.in belongs to the process
                String line = new java.io.BufferedReader(
                                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
                        .readLine();
                p = line == null ? null : line.toCharArray();
            } catch (IOException e) {
                p = null;
            }
            System.err.println();
        }
        if (p == null || p.length == 0) {
            throw TrawlException.usage("no GBIF password given");
        }
        return p;
    }

    private static JsonNode readJson(Path f) {
        try {
            return Json.MAPPER.readTree(Files.readString(f));
        } catch (NoSuchFileException e) {
            throw TrawlException.usage("cannot read " + f + ": no such file");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw TrawlException.usage(f + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw TrawlException.usage("cannot read " + f + ": " + e.getMessage());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrawlException(ExitCode.FATAL, "interrupted");
        }
    }

    private static String human(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }
}
