package org.trawl.fetch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.trawl.core.RequestHeaders;
import org.trawl.internal.CookieFile;
import org.trawl.internal.Netrc;

/**
 * The user's own request headers for an item's URL: Basic auth from a .netrc entry for its host
 * (--netrc), the cookie file's cookies that match it (--cookies), then the -H headers, which replace
 * any of those of the same name. They are asked for with the item's own URL, so they go to the origin
 * the list or the service named; SafeRedirects drops them when a redirect leaves that origin.
 */
public final class UserHeaders implements RequestHeaders {
    private final Map<String, String> fixed;
    private final Netrc netrc;
    private final CookieFile cookies;

    /**
     * @param fixed   -H headers, name to value
     * @param netrc   logins by host, or null
     * @param cookies the cookie file, or null
     */
    public UserHeaders(Map<String, String> fixed, Netrc netrc, CookieFile cookies) {
        this.fixed = Map.copyOf(fixed);
        this.netrc = netrc;
        this.cookies = cookies;
    }

    /** Whether {@code name} is one of the -H headers, which stay on the origin of the item's URL. */
    boolean isUsers(CharSequence name) {
        String n = name.toString();
        return fixed.keySet().stream().anyMatch(n::equalsIgnoreCase);
    }

    /** NONE when there is nothing to add, so a run without these options does no work per request. */
    public RequestHeaders orNone() {
        return fixed.isEmpty() && netrc == null && cookies == null ? RequestHeaders.NONE : this;
    }

    @Override
    public Map<String, String> forUrl(String url) {
        return forUrl(url, RequestHeaders.NONE);
    }

    /** The netrc login and cookies, then the source's headers over them, then the -H headers over all. */
    private Map<String, String> forUrl(String url, RequestHeaders source) {
        Map<String, String> out = new LinkedHashMap<>();
        if (netrc != null || cookies != null) {
            URI u;
            try {
                u = URI.create(url);
            } catch (IllegalArgumentException e) {
                u = null; // the transfer reports the bad URL
            }
            if (u != null) {
                Netrc.Login login = netrc == null ? null : netrc.forHost(u.getHost());
                if (login != null) {
                    String pair = login.user() + ":" + login.password();
                    out.put(
                            "Authorization",
                            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
                }
                String cookie = cookies == null ? null : cookies.header(u, System.currentTimeMillis() / 1000);
                if (cookie != null) {
                    out.put("Cookie", cookie);
                }
            }
        }
        putAll(out, source.forUrl(url));
        putAll(out, fixed);
        return out;
    }

    /** Header names are case-insensitive: a value replaces the one of the same name in any case. */
    private static void putAll(Map<String, String> into, Map<String, String> from) {
        from.forEach((name, value) -> {
            into.keySet().removeIf(name::equalsIgnoreCase);
            into.put(name, value);
        });
    }

    /** A source's headers with the user's (see {@link #forUrl(String, RequestHeaders)}). */
    static RequestHeaders layered(RequestHeaders source, RequestHeaders user) {
        return user instanceof UserHeaders u ? url -> u.forUrl(url, source) : source;
    }
}
