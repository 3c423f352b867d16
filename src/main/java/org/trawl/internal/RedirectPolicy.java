package org.trawl.internal;

import java.net.URI;
import java.util.Locale;

/**
 * Where a redirect may lead, and what travels with it: the one rule every HTTP client of trawl follows
 * (the download engine, the IIIF document and GBIF archive clients). Credentials go only to the origin
 * they were meant for, as curl does without {@code --location-trusted}: a Cloud Storage download that
 * answers 302 to another host must not hand that host the bearer token. Only http and https are
 * followed (Vert.x's own handler fetched {@code ftp://} as plain HTTP), never from https down to http
 * unless the user said {@code --insecure}, and at most {@link #MAX_HOPS} times.
 */
public final class RedirectPolicy {
    /** Hops followed before "too many redirects", as before this policy existed. */
    public static final int MAX_HOPS = 10;

    private RedirectPolicy() {}

    /** A redirect that may be followed: where to, and whether it leaves the origin of the request. */
    public record Hop(URI target, boolean crossOrigin) {}

    /** A redirect that must not be followed; the message is the failure reason the user reads. */
    public static final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The statuses that carry a Location to follow (300, 304 and 305 are answers, not redirects). */
    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The next hop from {@code from} for a {@code Location} header value (absolute or relative).
     *
     * @throws Refused when the location is unusable, not http(s), or an https to http downgrade without
     *                 {@code insecure}
     */
    public static Hop next(URI from, String location, boolean insecure) {
        if (location == null || location.isBlank()) {
            throw new Refused("redirect without a Location");
        }
        URI target;
        try {
            target = from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new Refused("redirect to an unusable location: " + Redaction.line(location));
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("redirect to a " + (scheme.isEmpty() ? "scheme-less" : scheme + ":")
                    + " URL refused (only http and https are followed)");
        }
        if (target.getHost() == null) {
            throw new Refused("redirect to a URL without a host: " + Redaction.line(location));
        }
        if ("https".equalsIgnoreCase(from.getScheme()) && scheme.equals("http") && !insecure) {
            throw new Refused("redirect from https down to http refused (--insecure allows it)");
        }
        return new Hop(target, !sameOrigin(from, target));
    }

    /** Same scheme, host and port (the default port of the scheme when none is written). */
    public static boolean sameOrigin(URI a, URI b) {
        String sa = lower(a.getScheme()), sb = lower(b.getScheme());
        return sa.equals(sb) && lower(a.getHost()).equals(lower(b.getHost())) && port(a) == port(b);
    }

    /** Headers that identify the user and so must not follow a redirect to another origin. */
    public static boolean isCredential(CharSequence header) {
        String h = header.toString();
        return h.equalsIgnoreCase("Authorization")
                || h.equalsIgnoreCase("Cookie")
                || h.equalsIgnoreCase("Proxy-Authorization");
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
