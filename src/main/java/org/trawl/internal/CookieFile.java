package org.trawl.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Cookies from a file in the Netscape format curl, wget and aria2 write and read: one cookie a line,
 * seven tab-separated fields (domain, include-subdomains flag, path, secure, expiry in epoch seconds
 * with 0 for a session cookie, name, value); {@code #HttpOnly_} before the domain marks an HttpOnly
 * cookie, any other line starting with {@code #} is a comment. {@link #header} picks a request's
 * cookies by RFC 6265's domain, path, secure and expiry rules. Written here because the JDK's
 * CookieManager reads no cookie file and would keep the cookies a server sets, which trawl does not.
 */
public final class CookieFile {
    private record Cookie(
            String domain, boolean tailMatch, String path, boolean secure, long expires, String name, String value) {
        boolean matches(String host, String reqPath, boolean https, long nowSeconds) {
            if (secure && !https || expires != 0 && expires <= nowSeconds) {
                return false;
            }
            boolean hostOk = host.equals(domain) || tailMatch && host.endsWith("." + domain);
            return hostOk && pathMatches(reqPath);
        }

        private boolean pathMatches(String reqPath) {
            return reqPath.equals(path)
                    || reqPath.startsWith(path) && (path.endsWith("/") || reqPath.charAt(path.length()) == '/');
        }
    }

    private final List<Cookie> cookies;

    private CookieFile(List<Cookie> cookies) {
        this.cookies = cookies;
    }

    /** The number of cookies read. */
    public int size() {
        return cookies.size();
    }

    /** Reads the file's text; a line that is not a cookie is skipped, as curl does. */
    public static CookieFile parse(String text) {
        List<Cookie> out = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("#HttpOnly_")) {
                line = line.substring("#HttpOnly_".length());
            } else if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7 || f[0].isEmpty() || f[5].isEmpty()) {
                continue;
            }
            long expires;
            try {
                expires = Long.parseLong(f[4].trim());
            } catch (NumberFormatException e) {
                continue;
            }
            String domain = f[0].toLowerCase(Locale.ROOT);
            boolean dot = domain.startsWith(".");
            String path = f[2].isEmpty() || !f[2].startsWith("/") ? "/" : f[2];
            out.add(new Cookie(
                    dot ? domain.substring(1) : domain,
                    dot || f[1].equalsIgnoreCase("TRUE"),
                    path,
                    f[3].equalsIgnoreCase("TRUE"),
                    expires,
                    f[5],
                    f[6]));
        }
        // RFC 6265 §5.4: longer paths first
        out.sort(Comparator.comparingInt((Cookie c) -> c.path().length()).reversed());
        return new CookieFile(List.copyOf(out));
    }

    /** The Cookie header for a request to {@code url} at {@code nowSeconds}, or null when no cookie matches. */
    public String header(URI url, long nowSeconds) {
        String host = url.getHost();
        if (host == null) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        StringBuilder sb = new StringBuilder();
        for (Cookie c : cookies) {
            if (c.matches(host, path, https, nowSeconds)) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(c.name()).append('=').append(c.value());
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
