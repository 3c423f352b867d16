package org.trawl.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * {@link RedirectPolicy} for the JDK's HttpClient, whose own following ({@code Redirect.NORMAL}) sends
 * every header of the request to wherever the Location points. The client must be built with
 * {@code Redirect.NEVER}; this follows the hops itself. The body of a redirect is discarded unread.
 */
public final class JdkRedirects {
    private JdkRedirects() {}

    /** The headers trawl itself sets that say nothing of who asks: they follow a redirect anywhere. */
    private static final java.util.Set<String> SAFE_ACROSS_ORIGINS =
            java.util.Set.of("accept", "user-agent", "range", "if-range");

    private static String lower(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Sends {@code request} and follows its redirects under the policy.
     *
     * @throws RedirectPolicy.Refused when a redirect may not be followed (its reason is the message)
     */
    public static <T> HttpResponse<T> send(
            HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler, boolean insecure)
            throws IOException, InterruptedException {
        HttpRequest req = request;
        for (int hops = 0; ; hops++) {
            boolean get = req.method().equals("GET") || req.method().equals("HEAD");
            HttpResponse<T> resp = http.send(
                    req,
                    info -> followed(info.statusCode(), get)
                            ? HttpResponse.BodySubscribers.replacing(null)
                            : handler.apply(info));
            int status = resp.statusCode();
            if (!followed(status, get)) {
                return resp;
            }
            if (hops >= RedirectPolicy.MAX_HOPS) {
                throw new RedirectPolicy.Refused("too many redirects (http " + status + ")");
            }
            RedirectPolicy.Hop hop = RedirectPolicy.next(
                    req.uri(), resp.headers().firstValue("Location").orElse(null), insecure);
            // to another origin only the request's shape goes along: a header a user or a source added (-H, a
            // netrc login, a cookie, a token) is for the origin it was meant for
            HttpRequest.Builder next = HttpRequest.newBuilder(
                            req, (name, value) -> !hop.crossOrigin() || SAFE_ACROSS_ORIGINS.contains(lower(name)))
                    .uri(hop.target());
            if (status == 303 && !get) {
                next.GET();
            }
            req = next.build();
        }
    }

    /** A POST is redirected only by a 303 (to a GET), as browsers and Vert.x do. */
    private static boolean followed(int status, boolean get) {
        return RedirectPolicy.isRedirect(status) && (get || status == 303);
    }
}
