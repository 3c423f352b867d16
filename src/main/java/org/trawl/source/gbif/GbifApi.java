package org.trawl.source.gbif;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The GBIF occurrence API (search and download), as apis.md §1–2 describes it. Every call returns
 * the raw Response: {@link GbifClient} decides what is retried, what is the user's fault (400, with
 * the service's own text/plain message) and what is fatal.
 */
@Path("/occurrence")
public interface GbifApi {

    @GET
    @Path("/search")
    @Produces(MediaType.APPLICATION_JSON)
    Response search(@RestQuery MultivaluedMap<String, String> params);

    /** 201 with the bare download key as the body (not JSON, whatever the content type says). */
    @POST
    @Path("/download/request")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    Response request(@HeaderParam("Authorization") String authorization, String body);

    @GET
    @Path("/download/{key}")
    @Produces(MediaType.APPLICATION_JSON)
    Response status(@PathParam("key") String key);

    /** GBIF takes a download DOI in the path too: {@code /download/10.15468/dl.hx3uzz}. */
    @GET
    @Path("/download/{prefix}/{suffix}")
    @Produces(MediaType.APPLICATION_JSON)
    Response statusByDoi(@PathParam("prefix") String prefix, @PathParam("suffix") String suffix);
}
