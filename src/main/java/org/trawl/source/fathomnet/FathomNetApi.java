package org.trawl.source.fathomnet;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The FathomNet REST API ({site}/api), the read-only calls fathomnet-generate makes. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public interface FathomNetApi {

    /** Images matching the constraints, one page (limit/offset in the body). */
    @POST
    @Path("/images/query")
    @Consumes(MediaType.APPLICATION_JSON)
    List<FnImage> query(GeoImageConstraints constraints);

    /** The concept and its descendants in a taxonomy provider (e.g. fathomnet, worms). */
    @GET
    @Path("/taxa/query/{provider}/{concept}")
    List<FnTaxon> taxa(@PathParam("provider") String provider, @PathParam("concept") String concept);
}
