package org.trawl.source.gbif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.internal.Json;
import org.trawl.internal.Redaction;

/** The occurrence download API: build and post a request, read a download's status. */
public final class GbifDownloads {
    public static final Set<String> FORMATS = Set.of(
            "DWCA",
            "SIMPLE_CSV",
            "SPECIES_LIST",
            "SIMPLE_PARQUET",
            "SIMPLE_AVRO",
            "SIMPLE_WITH_VERBATIM_AVRO",
            "SQL_TSV_ZIP",
            "MAP_OF_LIFE",
            "BIONOMIA");

    private final GbifClient client;

    public GbifDownloads(GbifClient client) {
        this.client = client;
    }

    /**
     * A request body from a file's JSON: either a bare predicate ({@code {"type":...}}) or a full body
     * ({@code creator, format, notification_address, predicate}). {@code creator} comes from the user.
     */
    public static ObjectNode body(JsonNode json, String user, String format, List<String> emails) {
        if (json == null || !json.isObject()) {
            throw TrawlException.usage("the predicate file must hold a JSON object (a predicate or a request body)");
        }
        ObjectNode body;
        if (json.has("predicate")) {
            body = ((ObjectNode) json).deepCopy();
        } else if (json.has("type")) {
            body = Json.MAPPER.createObjectNode();
            body.set("predicate", json);
        } else {
            throw TrawlException.usage("the predicate file has neither \"predicate\" nor a predicate \"type\"");
        }
        body.put("creator", user);
        String f = format != null ? format : body.path("format").asText("DWCA");
        if (!FORMATS.contains(f)) {
            throw TrawlException.usage("unknown download format '" + f + "' (one of "
                    + String.join(", ", new java.util.TreeSet<>(FORMATS)) + ")");
        }
        body.put("format", f);
        if (emails != null && !emails.isEmpty()) {
            ArrayNode a = body.putArray("notification_address");
            emails.forEach(a::add);
            body.put("sendNotification", true);
        }
        return body;
    }

    /** GBIF's own archive address, moved onto {@code --gbif-api} when that is not the default (a mirror, a test fake). */
    public static final String DEFAULT_BASE = "https://api.gbif.org/v1";

    /**
     * Where a finished download's archive is: GBIF's downloadLink, which points into its own API, so it
     * is rebased onto the client's base URL when that differs (a mirror or a fake serves it too); the
     * documented path when GBIF gives no link.
     */
    public String archiveUrl(DownloadStatus s) {
        String link = s.downloadLink();
        if (link == null || link.isBlank()) {
            return client.base() + "/occurrence/download/request/" + s.key() + ".zip";
        }
        for (String gbif : new String[] {DEFAULT_BASE, "http://api.gbif.org/v1"}) {
            if (link.startsWith(gbif + "/") && !client.base().equals(DEFAULT_BASE)) {
                return client.base() + link.substring(gbif.length());
            }
        }
        return link;
    }

    /**
     * Refuses a key that is not GBIF's shape, digits-dash-digits ({@code 0001234-240101120000000}): it is read
     * from a service reply (or a fake of one) and names files, so a forged {@code "../../x"} or an absolute
     * path would write outside the folder.
     */
    public static String checkKey(String key) {
        int dash = key == null ? -1 : key.indexOf('-');
        boolean ok = dash > 0 && dash < key.length() - 1 && key.length() <= 64;
        for (int i = 0; ok && i < key.length(); i++) {
            char c = key.charAt(i);
            ok = i == dash || c >= '0' && c <= '9';
        }
        if (!ok) {
            throw TrawlException.usage("GBIF answered with the download key " + Redaction.quoted(key)
                    + ", which is not a download key (digits-digits); refusing to name a file with it");
        }
        return key;
    }

    /** Posts the request; returns the download key. The password only goes into the header. */
    public String request(ObjectNode body, String user, char[] password) {
        String auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String key = client.call(
                () -> client.api().request(auth, json),
                "download request",
                Map.of(
                        401,
                        TrawlException.usage("GBIF refused the user name or password of '" + user + "' (HTTP 401)"),
                        403,
                        TrawlException.usage("GBIF does not allow user '" + user + "' to request downloads (HTTP 403)"),
                        420,
                        new TrawlException(
                                ExitCode.FATAL,
                                "GBIF says too many downloads of '" + user + "' are running "
                                        + "(HTTP 420 Enhance Your Calm): wait for one to finish or cancel one, then ask again"),
                        429,
                        new TrawlException(
                                ExitCode.FATAL,
                                "GBIF is limiting requests from here (HTTP 429 Too Many "
                                        + "Requests): wait a while, then ask again")));
        return checkKey(key.strip().replace("\"", "")); // printed, polled and made a file name
    }

    /** A download's status by key or by DOI ({@code 10.15468/dl.xxx}, {@code doi:...}, {@code https://doi.org/...}). */
    public DownloadStatus status(String keyOrDoi) {
        DownloadStatus s = find(keyOrDoi);
        if (s == null) {
            throw TrawlException.usage("GBIF knows no download '" + keyOrDoi + "' (HTTP 404)");
        }
        return s;
    }

    /** As {@link #status}, but null when GBIF knows no such download (a DOI may still be known to DataCite). */
    public DownloadStatus find(String keyOrDoi) {
        try {
            return lookUp(keyOrDoi);
        } catch (NotFound e) {
            return null;
        }
    }

    /** GBIF's 404, kept apart from every other answer so {@link #find} can tell it. */
    private static final class NotFound extends TrawlException {
        NotFound() {
            super(ExitCode.USAGE, "not found");
        }
    }

    private DownloadStatus lookUp(String keyOrDoi) {
        String id = keyOrDoi.strip().replaceFirst("^(?i)(doi:|https?://(dx\\.)?doi\\.org/)", "");
        Map<Integer, TrawlException> notFound = Map.of(404, new NotFound());
        String body;
        if (id.startsWith("10.") && id.contains("/")) {
            int slash = id.indexOf('/');
            body = client.call(
                    () -> client.api().statusByDoi(id.substring(0, slash), id.substring(slash + 1)),
                    "download status",
                    notFound);
        } else if (id.matches("[0-9]+-[0-9]+")) {
            body = client.call(() -> client.api().status(id), "download status", notFound);
        } else {
            throw TrawlException.usage("'" + keyOrDoi + "' is neither a GBIF download key (0012150-260108223611665) "
                    + "nor a DOI (10.15468/dl.hx3uzz)");
        }
        try {
            return Json.MAPPER.readValue(body, DownloadStatus.class);
        } catch (IOException e) {
            throw new TrawlException(
                    ExitCode.FATAL,
                    "GBIF answered the status of " + keyOrDoi + " with something unreadable: " + e.getMessage());
        }
    }
}
