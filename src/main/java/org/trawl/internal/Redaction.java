package org.trawl.internal;

import java.util.regex.Pattern;

/**
 * Makes text that came from a server (an error body, a Location, a URL it echoed back) fit to show:
 * one line, at most {@link #MAX} characters, with anything that looks like a credential masked. A
 * server's error page may quote the request, token and all, and the user's terminal, failures.csv and
 * --json are read and shared by others. Every place a server's words reach a message goes through here.
 */
public final class Redaction {
    /** Longest text kept from a server: a reason stays one readable line. */
    public static final int MAX = 200;

    static final String MASK = "***";
    /** Longest short string {@link #quoted} shows. */
    static final int QUOTED_MAX = 60;

    /** "Bearer abc", "Basic dXNlcjpwdw==" (an Authorization value quoted back). */
    private static final Pattern SCHEME_TOKEN = Pattern.compile("(?i)\\b(Bearer|Basic)(\\s+)[A-Za-z0-9._~+/=-]+");
    /** A query or form value whose name says it is secret: token=, access_token=, key=, X-Goog-Signature=... */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)((?<![\\w.-])[\\w.-]*(?:token|key|passw(?:or)?d|secret|signature|credential)[\\w.-]*=)[^&\\s\"'#<>,;]+");
    /** The same in JSON: "access_token": "...". */
    private static final Pattern SECRET_JSON = Pattern.compile(
            "(?i)(\"[\\w.-]*(?:token|key|passw(?:or)?d|secret|signature|credential)[\\w.-]*\"\\s*:\\s*\")[^\"]*");
    /** user:password@ in a URL. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)[^/@\\s]+@");

    private Redaction() {}

    /** Credentials masked, the rest left as it was. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        String t = SCHEME_TOKEN.matcher(text).replaceAll("$1$2" + MASK);
        t = SECRET_PARAM.matcher(t).replaceAll("$1" + MASK);
        t = SECRET_JSON.matcher(t).replaceAll("$1" + MASK);
        return USER_INFO.matcher(t).replaceAll("$1" + MASK + "@");
    }

    /** Masked, on one line (any run of white space becomes one space), and cut to {@link #MAX} characters. */
    public static String line(String text) {
        String t = oneLine(text);
        if (t.length() <= MAX) {
            return t;
        }
        int n = Character.isHighSurrogate(t.charAt(MAX - 1)) ? MAX - 1 : MAX; // never half a character
        return t.substring(0, n) + "...";
    }

    /**
     * A short remote string (a key, a name) quoted in a one-line message: masked, control characters shown as
     * escapes, at most {@link #QUOTED_MAX} characters and never half a character.
     */
    public static String quoted(String value) {
        if (value == null) {
            return "(none)";
        }
        String v = mask(value);
        int n = Math.min(v.length(), QUOTED_MAX);
        if (n < v.length() && Character.isHighSurrogate(v.charAt(n - 1))) {
            n--;
        }
        StringBuilder sb = new StringBuilder(n + 8).append('\'');
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(n < v.length() ? "...'" : "'").toString();
    }

    /** Masked and on one line, whatever its length: for messages of our own that quote a server. */
    public static String oneLine(String text) {
        return text == null ? "" : mask(text.strip().replaceAll("\\s+", " "));
    }
}
