package org.trawl.source.gbif.dwca;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * GBIF's occurrence download metadata (apis.md §2): by key, or by DOI, which GBIF accepts in the path
 * ({@code /occurrence/download/10.15468/dl.hx3uzz}); the DOI's slash stays a path separator.
 */
@Path("/occurrence/download")
@Produces(MediaType.APPLICATION_JSON)
public interface GbifDownloadApi {
    @GET
    @Path("/{key}")
    DownloadInfo byKey(@PathParam("key") String key);

    @GET
    @Path("/{prefix}/{suffix}")
    DownloadInfo byDoi(@PathParam("prefix") String doiPrefix, @PathParam("suffix") String doiSuffix);
}
