package org.trawl.source.som;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.trawl.core.Checksum;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.core.RequestHeaders;
import org.trawl.core.TrawlException;
import org.trawl.internal.Json;
import org.trawl.internal.Network;
import org.trawl.media.MediaFilter;
import org.trawl.source.DatasetSink;
import org.trawl.source.MediaSource;

/**
 * som get: the images of a patient (Entity uid) or of a study (Image AccessionNumber) in one
 * collection, found in Datastore and fetched from Cloud Storage by the engine. The answers are
 * asked once, by the command before the run (it reports what was found, and a bad query fails before
 * the output folder is touched), and kept in memory (a patient's images, not a bulk export) until the
 * run reads them.
 */
public final class SomSource implements MediaSource {
    /** Properties som leaves out of its sidecars. */
    private static final Set<String> NOT_IN_SIDECAR = Set.of("created", "updated");
    /** Object metadata requests in flight while listing. */
    private static final int LOOKUPS_IN_FLIGHT = 8;

    /**
     * What to look for: som get's own arguments.
     *
     * @param seriesArchives keep the compressed image series (objects named .tar.gz or .tgz), which are left out
     *                       otherwise
     */
    public record Query(
            String project,
            String suid,
            String bucket,
            String collection,
            boolean queryImages,
            boolean seriesArchives) {

        public Query(String project, String suid, String bucket, String collection, boolean queryImages) {
            this(project, suid, bucket, collection, queryImages, false);
        }
    }

    /** How to reach the services: where they are, whose key, how hard to try. */
    public record Access(
            GoogleEndpoints endpoints,
            Path credentials,
            int retries,
            int pageSize,
            long retryBaseMs,
            Network network) {}

    private final Query query;
    private final Access access;
    private GoogleAuth auth;
    private List<MediaItem> items;
    private final Map<String, ObjectNode> sidecars = new HashMap<>();
    private int archivesLeftOut;

    public SomSource(Query query, Access access) {
        this.query = query;
        this.access = access;
    }

    /** Queries Datastore and Cloud Storage once; later calls return the same list. */
    public synchronized List<MediaItem> load() {
        if (items != null) {
            return items;
        }
        GoogleEndpoints ep = access.endpoints();
        if (ep.needsCredentials()) {
            auth = GoogleAuth.resolve(access.credentials(), access.network());
        }
        GoogleCalls calls = new GoogleCalls(access.retries(), access.retryBaseMs());
        DatastoreApi dsApi = client(ep.datastore(), DatastoreApi.class, access.network());
        StorageApi stApi = client(ep.storage(), StorageApi.class, access.network());
        SomDatastore ds = new SomDatastore(
                dsApi,
                query.project(),
                ep.datastoreAuth() ? auth : null,
                ep.datastore().toString(),
                calls,
                access.pageSize());
        List<DatastoreDtos.Entity> images = new ArrayList<>();
        if (query.queryImages()) {
            images.addAll(ds.imagesByAccession(query.collection(), query.suid()));
        } else {
            // every matching entity's images (som kept only the last entity's)
            for (DatastoreDtos.Entity entity : ds.entities(query.collection(), query.suid())) {
                images.addAll(ds.imagesOf(entity));
            }
        }
        StorageObjects objects = new StorageObjects(
                stApi,
                query.bucket(),
                ep.storageAuth() ? auth : null,
                ep.storage().toString(),
                calls);
        List<DatastoreDtos.Entity> unique = new ArrayList<>();
        Set<String> seenKeys = new HashSet<>();
        for (DatastoreDtos.Entity image : images) {
            if (!seenKeys.add(DatastoreValues.keyPath(image.key()))) {
                continue;
            }
            if (isSeriesArchive(objectName(image)) && !query.seriesArchives()) {
                archivesLeftOut++; // an archive is fetched only when asked for: it is no image a dataset can use
            } else {
                unique.add(image);
            }
        }
        List<StorageApi.StorageObject> metas = lookUp(unique, objects);
        List<MediaItem> found = new ArrayList<>();
        Set<String> usedPaths = new HashSet<>();
        for (int i = 0; i < unique.size(); i++) {
            found.add(item(unique.get(i), metas.get(i), usedPaths));
        }
        items = List.copyOf(found);
        return items;
    }

    /** The compressed image series (.tar.gz, .tgz) left out because --series-archives was not given; after load(). */
    public int archivesLeftOut() {
        return archivesLeftOut;
    }

    /** The files kept: images, and series archives as opaque files when asked for. */
    @Override
    public MediaFilter media() {
        return query.seriesArchives() ? MediaFilter.STILL_IMAGE.withArchives() : MediaFilter.STILL_IMAGE;
    }

    static boolean isSeriesArchive(String objectName) {
        String n = objectName.toLowerCase(Locale.ROOT);
        return n.endsWith(".tar.gz") || n.endsWith(".tgz");
    }

    private static String objectName(DatastoreDtos.Entity image) {
        String name = DatastoreValues.string(image.props(), "storage_name");
        return name == null || name.isBlank() ? DatastoreValues.lastName(image.key()) : name;
    }

    /**
     * The objects' metadata, in the images' order. One request per object, a few in flight at
     * once: a sequential loop costs a round trip per image before the first download starts.
     */
    private static List<StorageApi.StorageObject> lookUp(List<DatastoreDtos.Entity> images, StorageObjects objects) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(LOOKUPS_IN_FLIGHT, images.size())));
        try {
            List<Future<StorageApi.StorageObject>> futures = new ArrayList<>();
            for (DatastoreDtos.Entity image : images) {
                futures.add(pool.submit(() -> objects.get(objectName(image))));
            }
            List<StorageApi.StorageObject> metas = new ArrayList<>();
            for (Future<StorageApi.StorageObject> f : futures) {
                metas.add(f.get());
            }
            return metas;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TrawlException.fatal("interrupted while looking up Cloud Storage objects", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private MediaItem item(DatastoreDtos.Entity image, StorageApi.StorageObject meta, Set<String> usedPaths) {
        Map<String, JsonNode> props = image.props();
        String keyName = DatastoreValues.lastName(image.key());
        String objectName = objectName(image);
        String url = access.endpoints().storage() + "/storage/v1/b/" + encode(query.bucket()) + "/o/"
                + encode(objectName) + "?alt=media"
                + (meta != null && meta.generation() != null ? "&generation=" + meta.generation() : "");
        Checksum sum = null;
        if (meta != null && meta.md5Hash() != null) {
            sum = Checksum.fromBase64("md5", meta.md5Hash());
        } else if (meta != null && meta.crc32c() != null) {
            sum = Checksum.fromBase64("crc32c", meta.crc32c()); // composite objects have no md5
        }
        Map<String, String> fields = new LinkedHashMap<>();
        ObjectNode sidecar = Json.MAPPER.createObjectNode();
        props.forEach((name, value) -> {
            if (!NOT_IN_SIDECAR.contains(name)) {
                sidecar.set(name, DatastoreValues.plain(value));
                fields.put(name, DatastoreValues.text(value));
            }
        });
        String path = query.collection() + "/" + stemPath(keyName, usedPaths);
        sidecars.put(path, sidecar);
        String uid = DatastoreValues.string(props, "uid");
        return new MediaItem(
                        url,
                        DatastoreValues.nameOf(image.key(), "Entity"),
                        null,
                        "som",
                        uid != null ? uid : DatastoreValues.keyPath(image.key()),
                        null,
                        null,
                        fields,
                        path,
                        sum,
                        List.of())
                .withBytes(meta == null ? null : size(meta.size()));
    }

    /** The object's size as Cloud Storage states it (a decimal string), or null when it is not a plain count. */
    static Long size(String stated) {
        if (stated == null
                || stated.isEmpty()
                || stated.length() > 18
                || !stated.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(stated);
    }

    /**
     * som's layout: each '/'-separated part of the key name is a folder, the last is the file.
     * The engine adds the extension it detects, so the name's own is dropped; two names that then
     * meet (a.png, a.jpg) keep their whole name rather than overwrite each other.
     */
    static String stemPath(String keyName, Set<String> used) {
        List<String> parts = new ArrayList<>();
        for (String p : keyName.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        if (parts.isEmpty()) {
            parts.add("_");
        }
        String last = parts.get(parts.size() - 1);
        String folder = String.join("/", parts.subList(0, parts.size() - 1));
        // a series archive's whole ".tar.gz" goes: the engine writes it back from the content
        int dot = last.toLowerCase(Locale.ROOT).endsWith(".tar.gz") ? last.length() - 7 : last.lastIndexOf('.');
        String stem = dot > 0 ? last.substring(0, dot) : last;
        String candidate = (folder.isEmpty() ? "" : folder + "/") + stem;
        if (!used.add(candidate.toLowerCase(Locale.ROOT))) {
            candidate = (folder.isEmpty() ? "" : folder + "/") + last;
            used.add(candidate.toLowerCase(Locale.ROOT));
        }
        return candidate;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static <T> T client(URI base, Class<T> api, Network network) {
        return network.configure(QuarkusRestClientBuilder.newBuilder(), base)
                .baseUri(base)
                .connectTimeout(15, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS)
                .build(api);
    }

    @Override
    public CloseableIterator<MediaItem> items() {
        return CloseableIterator.of(load().iterator());
    }

    @Override
    public RequestHeaders requestHeaders() {
        GoogleEndpoints ep = access.endpoints();
        String storage = ep.storage().toString();
        return url -> {
            // only Cloud Storage gets the token; an emulator gets nothing
            if (!ep.storageAuth() || auth == null || !url.startsWith(storage + "/")) {
                return Map.of();
            }
            return auth.headers(URI.create(storage));
        };
    }

    @Override
    public List<DatasetSink> sinks(Path out) {
        load();
        return List.of(SidecarSink.byPath(out, sidecars));
    }

    /** Object metadata lookups: generation and digests of what the engine will download. */
    private static final class StorageObjects {
        private final StorageApi api;
        private final String bucket;
        private final GoogleAuth auth;
        private final String base;
        private final GoogleCalls calls;

        StorageObjects(StorageApi api, String bucket, GoogleAuth auth, String base, GoogleCalls calls) {
            this.api = api;
            this.bucket = bucket;
            this.auth = auth;
            this.base = base;
            this.calls = calls;
        }

        /** The object's resource, or null when it does not exist (the download then fails that one item). */
        StorageApi.StorageObject get(String name) {
            try {
                return calls.call(
                        () -> {
                            Map<String, String> h = auth == null ? Map.of() : auth.headers(URI.create(base));
                            return api.object(
                                    bucket, encode(name), h.get("Authorization"), h.get("x-goog-user-project"));
                        },
                        StorageApi.StorageObject.class);
            } catch (TrawlException e) {
                throw e;
            } catch (RuntimeException e) {
                int status = GoogleCalls.status(e);
                String msg = GoogleCalls.message(e);
                if (status == 404) {
                    return null;
                }
                if (status == 401 || status == 403) {
                    throw TrawlException.fatal(
                            "Cloud Storage refused " + (auth == null ? "the request" : auth.principal())
                                    + " reading gs://" + bucket + "/" + name + " (" + msg
                                    + "): downloading needs the permission "
                                    + "storage.objects.get on the bucket (role roles/storage.objectViewer)",
                            null);
                }
                if (status == 400) {
                    throw TrawlException.usage("Cloud Storage rejected gs://" + bucket + "/" + name + ": " + msg);
                }
                throw TrawlException.fatal(
                        "Cloud Storage lookup of gs://" + bucket + "/" + name + " failed: " + msg, null);
            }
        }
    }
}
