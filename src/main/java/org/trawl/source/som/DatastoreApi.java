package org.trawl.source.som;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Cloud Datastore REST v1, the one read call trawl needs (no write call exists here on purpose). */
@Path("/v1/projects")
public interface DatastoreApi {

    /**
     * One batch of a query; page on with query.startCursor = batch.endCursor. Auth headers are
     * parameters (null = not sent) so no token refresh ever runs inside the client's pipeline.
     */
    @POST
    @Path("/{project}:runQuery")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    DatastoreDtos.RunQueryResponse runQuery(
            @PathParam("project") String project,
            ObjectNode request,
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("x-goog-user-project") String quotaProject);
}
