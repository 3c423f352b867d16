package org.trawl.source.som;

import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Cloud Storage JSON API: an object's metadata (its generation and digests). Media goes through the engine. */
@Path("/storage/v1/b")
public interface StorageApi {

    /** @param object the object name fully percent-encoded, '/' as %2F (as the API requires) */
    @GET
    @Path("/{bucket}/o/{object}")
    @Produces(MediaType.APPLICATION_JSON)
    StorageObject object(
            @PathParam("bucket") String bucket,
            @PathParam("object") @Encoded String object,
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("x-goog-user-project") String quotaProject);

    /** The object resource fields trawl uses. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record StorageObject(
            String name,
            String bucket,
            String generation,
            String size,
            String contentType,
            String md5Hash,
            String crc32c) {}
}
