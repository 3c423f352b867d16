package org.trawl.source.som;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.trawl.core.TrawlException;
import org.trawl.internal.Json;

/**
 * som's queries, read-only (som wrote a Collection entity on every download; trawl never writes):
 * Entity by uid then Image by ancestor, or Image by AccessionNumber, each restricted to the
 * collection's key, paged with cursors until the service says there is no more.
 */
final class SomDatastore {
    private final DatastoreApi api;
    private final String project;
    private final GoogleAuth auth; // null: emulator, no credentials
    private final String base;
    private final GoogleCalls calls;
    private final int pageSize;

    SomDatastore(DatastoreApi api, String project, GoogleAuth auth, String base, GoogleCalls calls, int pageSize) {
        this.api = api;
        this.project = project;
        this.auth = auth;
        this.base = base;
        this.calls = calls;
        this.pageSize = pageSize;
    }

    /** Entities of kind Entity with uid = suid in the collection. */
    List<DatastoreDtos.Entity> entities(String collection, String suid) {
        return query("Entity", and(equal("uid", suid), ancestor(collectionKey(collection))));
    }

    /** The Image entities under an entity (som's default, for every entity, not only the last). */
    List<DatastoreDtos.Entity> imagesOf(DatastoreDtos.Entity entity) {
        return query("Image", ancestor(entity.key()));
    }

    /** Image entities with AccessionNumber = suid in the collection (som's --query-images). */
    List<DatastoreDtos.Entity> imagesByAccession(String collection, String suid) {
        return query("Image", and(equal("AccessionNumber", suid), ancestor(collectionKey(collection))));
    }

    List<DatastoreDtos.Entity> query(String kind, ObjectNode filter) {
        List<DatastoreDtos.Entity> all = new ArrayList<>();
        String cursor = null;
        while (true) {
            ObjectNode req = Json.MAPPER.createObjectNode();
            req.putObject("partitionId").put("projectId", project);
            ObjectNode q = req.putObject("query");
            q.putArray("kind").addObject().put("name", kind);
            q.set("filter", filter);
            q.put("limit", pageSize);
            if (cursor != null) {
                q.put("startCursor", cursor);
            }
            DatastoreDtos.Batch batch = run(req, kind).batch();
            if (batch == null) {
                return all;
            }
            for (DatastoreDtos.EntityResult r : batch.results()) {
                if (r.entity() != null) {
                    all.add(r.entity());
                }
            }
            String more = batch.moreResults();
            boolean again = ("NOT_FINISHED".equals(more) || "MORE_RESULTS_AFTER_LIMIT".equals(more))
                    && batch.endCursor() != null
                    && !batch.endCursor().equals(cursor);
            // MORE_RESULTS_AFTER_LIMIT only means our page limit was reached; an empty page ends it
            if (!again || batch.results().isEmpty()) {
                return all;
            }
            cursor = batch.endCursor();
        }
    }

    private DatastoreDtos.RunQueryResponse run(ObjectNode req, String kind) {
        try {
            return calls.call(
                    () -> {
                        Map<String, String> h = auth == null ? Map.of() : auth.headers(java.net.URI.create(base));
                        return api.runQuery(project, req, h.get("Authorization"), h.get("x-goog-user-project"));
                    },
                    DatastoreDtos.RunQueryResponse.class);
        } catch (TrawlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(e, kind);
        }
    }

    private TrawlException failure(RuntimeException e, String kind) {
        int status = GoogleCalls.status(e);
        String msg = GoogleCalls.message(e);
        if (status == 401 || status == 403) {
            return TrawlException.fatal(
                    "Datastore refused " + (auth == null ? "the request" : auth.principal())
                            + " in project " + project + " (" + msg
                            + "): reading needs the permissions datastore.entities.list "
                            + "and datastore.entities.get (role roles/datastore.viewer)",
                    null);
        }
        if (status == 400 || status == 404) {
            return TrawlException.usage("Datastore rejected the " + kind + " query in project " + project + ": " + msg);
        }
        return TrawlException.fatal("Datastore query for " + kind + " in project " + project + " failed: " + msg, null);
    }

    static ObjectNode equal(String property, String value) {
        ObjectNode f = Json.MAPPER.createObjectNode();
        ObjectNode p = f.putObject("propertyFilter");
        p.putObject("property").put("name", property);
        p.put("op", "EQUAL");
        p.putObject("value").put("stringValue", value);
        return f;
    }

    static ObjectNode ancestor(JsonNode key) {
        ObjectNode f = Json.MAPPER.createObjectNode();
        ObjectNode p = f.putObject("propertyFilter");
        p.putObject("property").put("name", "__key__");
        p.put("op", "HAS_ANCESTOR");
        p.putObject("value").set("keyValue", key);
        return f;
    }

    static ObjectNode and(ObjectNode... filters) {
        ObjectNode f = Json.MAPPER.createObjectNode();
        ObjectNode c = f.putObject("compositeFilter");
        c.put("op", "AND");
        ArrayNode list = c.putArray("filters");
        for (ObjectNode x : filters) {
            list.add(x);
        }
        return f;
    }

    ObjectNode collectionKey(String collection) {
        ObjectNode key = Json.MAPPER.createObjectNode();
        key.putObject("partitionId").put("projectId", project);
        key.putArray("path").addObject().put("kind", "Collection").put("name", collection);
        return key;
    }
}
