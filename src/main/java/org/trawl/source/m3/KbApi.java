package org.trawl.source.m3;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** vars-kb, the VARS knowledge base ({site}/kb/v1). */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public interface KbApi {

    /** The concept and everything below it; empty children are omitted by the server. */
    @GET
    @Path("/phylogeny/down/{concept}")
    ConceptNode down(@PathParam("concept") String concept);
}
