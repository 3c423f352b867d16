package org.trawl.fetch;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import org.trawl.internal.RedirectPolicy;

/**
 * The engine's redirect handler, in place of Vert.x's own: that one copies every header of the request
 * onto the next (the Cloud Storage token went to whatever host a 302 named) and fetched an {@code ftp:}
 * location as plain HTTP. Vert.x calls it only for a 3xx, so a transfer that is not redirected costs
 * nothing more; Vert.x still counts the hops ({@code setMaxRedirects}). A refusal fails the attempt
 * permanently with the policy's reason. Leaving the origin drops the credentials and the user's -H headers.
 */
final class SafeRedirects implements Function<HttpClientResponse, Future<RequestOptions>> {
    private final FetchOptions options;

    SafeRedirects(FetchOptions options) {
        this.options = options;
    }

    /** The user's -H headers go to the origin the list or the service named, not to where it redirects. */
    private boolean isUsers(String name) {
        return options.userHeaders() instanceof UserHeaders u && u.isUsers(name);
    }

    @Override
    public Future<RequestOptions> apply(HttpClientResponse resp) {
        int status = resp.statusCode();
        HttpClientRequest req = resp.request();
        HttpMethod method = status == 303 ? HttpMethod.GET : req.getMethod();
        if (!RedirectPolicy.isRedirect(status) || !(method == HttpMethod.GET || method == HttpMethod.HEAD)) {
            return null; // not a redirect to follow: the 3xx itself is the answer
        }
        RedirectPolicy.Hop hop;
        try {
            hop = RedirectPolicy.next(
                    URI.create(req.absoluteURI()), resp.getHeader(HttpHeaders.LOCATION), options.insecure());
        } catch (RedirectPolicy.Refused e) {
            return Future.failedFuture(FetchFailure.permanent(e.getMessage()));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(FetchFailure.permanent("redirect from an unusable URL"));
        }
        MultiMap headers = HttpHeaders.headers();
        for (Map.Entry<String, String> h : req.headers()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("Host")
                    || name.equalsIgnoreCase("Content-Length")
                    || hop.crossOrigin() && (RedirectPolicy.isCredential(name) || isUsers(name))) {
                continue;
            }
            headers.add(name, h.getValue());
        }
        return Future.succeededFuture(new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(hop.target().toString())
                .setProxyOptions(options.network().vertxProxy(hop.target().toString()))
                .setHeaders(headers)
                .setConnectTimeout(options.connectTimeout().toMillis())
                .setIdleTimeout(options.idleTimeout().toMillis()));
    }
}
