package org.trawl.source.gbif.dwca;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;

/** DataCite's DOI record, gbif-dl's way to a download key: data.attributes.url ends in the key. */
@Path("/dois")
@Produces({"application/vnd.api+json", "application/json"})
public interface DataCiteApi {
    @GET
    @Path("/{prefix}/{suffix}")
    JsonNode doi(@PathParam("prefix") String doiPrefix, @PathParam("suffix") String doiSuffix);
}
