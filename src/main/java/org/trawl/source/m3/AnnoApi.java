package org.trawl.source.m3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * annosaurus, the M3 annotation service ({site}/anno/v1). Records are kept as JSON trees: a digest
 * is the service's own shape passed through, so fields we do not use survive into the file.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public interface AnnoApi {

    /** Observations of a concept that have images (the "fast" endpoint), one page. */
    @GET
    @Path("/fast/concept/images/{concept}")
    List<ObjectNode> conceptImages(
            @PathParam("concept") String concept, @QueryParam("limit") int limit, @QueryParam("offset") int offset);

    @GET
    @Path("/imagedmoments/{uuid}")
    ObjectNode imagedMoment(@PathParam("uuid") String uuid);

    @GET
    @Path("/imagereferences/{uuid}")
    ObjectNode imageReference(@PathParam("uuid") String uuid);
}
