package org.trawl.source.urls;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Judges the URLs of a list: each must be what java.net.URI reads as an http(s) URL with a host, so a
 * list that would fail half-way fails before any download instead.
 */
final class UrlCheck {
    private final String urlColumn;
    /** The scheme://authority prefixes already judged; a list names few hosts, so each is parsed once. */
    private final Map<String, Boolean> authorities = new ConcurrentHashMap<>();

    /** @param urlColumn the column the URLs come from, named when one is empty */
    UrlCheck(String urlColumn) {
        this.urlColumn = urlColumn;
    }

    /** What is wrong with {@code url} (blanks around it aside), or null when it is an http(s) URL. */
    String problem(String url) {
        if (url == null || url.isBlank()) {
            return "empty " + urlColumn;
        }
        String u = url.strip();
        if (isHttpUrl(u, authorities)) {
            return null;
        }
        return "not an http(s) URL: '" + (u.length() > 80 ? u.substring(0, 80) + "..." : u) + "'";
    }

    /**
     * Whether java.net.URI reads u as an http(s) URL with a host. A plain URL is judged without building a
     * URI (that parse was ~5 % of a planning pass): its
     * authority through URI once per distinct authority, the rest by a character check that accepts only
     * what URI accepts there. Anything unusual takes the full parse.
     */
    static boolean isHttpUrl(String u, Map<String, Boolean> authorities) {
        int start = u.startsWith("https://") ? 8 : u.startsWith("http://") ? 7 : -1;
        if (start > 0) {
            int end = start;
            while (end < u.length() && u.charAt(end) != '/' && u.charAt(end) != '?' && u.charAt(end) != '#') {
                end++;
            }
            if (plainPathQueryFragment(u, end)) {
                String authority = u.substring(0, end);
                Boolean ok = authorities.get(authority);
                if (ok == null) {
                    ok = uriAccepts(authority);
                    if (authorities.size() >= 4096) {
                        authorities.clear(); // bounded: a list of a million hosts re-parses, and that is all
                    }
                    authorities.put(authority, ok);
                }
                return ok;
            }
        }
        return uriAccepts(u);
    }

    private static boolean uriAccepts(String u) {
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * From index from on: only RFC 2396 path, query and fragment characters that java.net.URI takes in every
     * one of those parts (unreserved, ";/?:@&=+$,", valid %XX escapes), and at most one '#'.
     */
    private static boolean plainPathQueryFragment(String u, int from) {
        boolean fragment = false;
        for (int i = from; i < u.length(); i++) {
            char c = u.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                continue;
            }
            switch (c) {
                case '-',
                        '_',
                        '.',
                        '!',
                        '~',
                        '*',
                        '\'',
                        '(',
                        ')',
                        ';',
                        '/',
                        '?',
                        ':',
                        '@',
                        '&',
                        '=',
                        '+',
                        '$',
                        ',' -> {}
                case '#' -> {
                    if (fragment) {
                        return false;
                    }
                    fragment = true;
                }
                case '%' -> {
                    if (i + 2 >= u.length() || !asciiHex(u.charAt(i + 1)) || !asciiHex(u.charAt(i + 2))) {
                        return false;
                    }
                    i += 2;
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean asciiHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
