package org.trawl.source;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import org.trawl.core.RequestHeaders;

/**
 * The user's -H headers, .netrc login and cookies on the calls of every REST client (GBIF, FathomNet,
 * M3, DataCite, Google): a provider the Quarkus REST client registers on all of them, so no client
 * builder needs to know. Each call gets the headers for its own URL, that is the service's origin; a
 * header the client sets itself (a service's token) is never replaced. Set for the length of one
 * command: a process runs one, and the command clears it when done.
 */
@Provider
public final class ApiHeaders implements ClientRequestFilter {
    private static volatile RequestHeaders current = RequestHeaders.NONE;

    /** The headers of the command now running; {@link RequestHeaders#NONE} when it is done. */
    public static void use(RequestHeaders headers) {
        current = headers == null ? RequestHeaders.NONE : headers;
    }

    @Override
    public void filter(ClientRequestContext request) {
        RequestHeaders h = current;
        if (h == RequestHeaders.NONE) {
            return;
        }
        Map<String, String> add = h.forUrl(request.getUri().toString());
        MultivaluedMap<String, Object> headers = request.getHeaders();
        add.forEach((name, value) -> {
            if (headers.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                headers.putSingle(name, value);
            }
        });
    }
}
