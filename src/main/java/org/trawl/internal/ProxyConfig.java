package org.trawl.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Which HTTP proxy a URL goes through, chosen as curl chooses it. {@code --proxy URL} replaces the
 * proxy variables ({@code --proxy ''} turns proxies off); without it, an https URL takes
 * {@code https_proxy}, then {@code HTTPS_PROXY}, an http URL takes {@code http_proxy} only (curl never
 * reads {@code HTTP_PROXY}: in a CGI program that variable is the client's {@code Proxy:} header, the
 * "httpoxy" hole), and either falls back to {@code all_proxy}, then {@code ALL_PROXY}. {@code no_proxy},
 * then {@code NO_PROXY}, lists the hosts that go direct ({@link NoProxy}), with {@code --proxy} too, as in curl.
 */
public final class ProxyConfig {
    /** No proxy for any URL. */
    public static final ProxyConfig NONE = new ProxyConfig(null, null, null, NoProxy.parse(null));

    private final Proxy forced;
    private final Proxy https;
    private final Proxy http;
    private final NoProxy noProxy;

    private ProxyConfig(Proxy forced, Proxy https, Proxy http, NoProxy noProxy) {
        this.forced = forced;
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /**
     * An HTTP proxy: where it listens, and the credentials its URL held. Its {@link #toString} is the
     * URL without them, the only form any message shows.
     */
    public record Proxy(String host, int port, String user, String password) {
        /** Basic credentials for {@code Proxy-Authorization}, or null when the URL had none. */
        public String authorization() {
            if (user == null) {
                return null;
            }
            String pair = user + ":" + (password == null ? "" : password);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * @param option the value of {@code --proxy}, or null when it was not given
     * @param env    the environment (System.getenv())
     * @throws IllegalArgumentException when a proxy URL cannot be used; its message names the source
     *                                  ({@code --proxy} or the variable) and never the credentials
     */
    public static ProxyConfig of(String option, Map<String, String> env) {
        NoProxy noProxy = NoProxy.parse(first(env, "no_proxy", "NO_PROXY"));
        if (option != null) {
            return option.isBlank() ? NONE : new ProxyConfig(parse(option, "--proxy"), null, null, noProxy);
        }
        // a variable set empty counts as set (curl on Unix): it hides its upper-case twin, and the scheme's
        // own variable set empty means no proxy, without falling back to all_proxy
        String all = first(env, "all_proxy", "ALL_PROXY");
        String https = first(env, "https_proxy", "HTTPS_PROXY");
        String http = env.get("http_proxy"); // lower case only, as curl does (see above)
        Proxy fallback = all == null || all.isBlank() ? null : parse(all, name(env, "all_proxy", "ALL_PROXY"));
        return new ProxyConfig(
                null,
                pick(https, fallback, name(env, "https_proxy", "HTTPS_PROXY")),
                pick(http, fallback, "http_proxy"),
                noProxy);
    }

    private static Proxy pick(String value, Proxy fallback, String source) {
        return value == null ? fallback : value.isBlank() ? null : parse(value, source);
    }

    /** The proxy for {@code url}, or null when it goes direct. */
    public Proxy forUri(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        Proxy p = forced != null ? forced : scheme.equals("https") ? https : scheme.equals("http") ? http : null;
        if (p == null) {
            return null;
        }
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        return noProxy.bypasses(url.getHost(), port) ? null : p;
    }

    /** The same for a URL as text; a URL that does not parse goes direct (its request fails on its own). */
    public Proxy forUrl(String url) {
        if (forced == null && https == null && http == null) {
            return null; // no proxy at all (the common case): no parse per request
        }
        try {
            return forUri(new URI(url));
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The configured proxy listening at {@code host:port}, or null. */
    public Proxy byAddress(String host, int port) {
        for (Proxy p : new Proxy[] {forced, https, http}) {
            if (p != null && p.port() == port && p.host().equalsIgnoreCase(host)) {
                return p;
            }
        }
        return null;
    }

    /** Whether any URL may go through a proxy. */
    public boolean any() {
        return (forced != null || https != null || http != null) && !noProxy.bypassesAll();
    }

    private static String first(Map<String, String> env, String lower, String upper) {
        return env.containsKey(lower) ? env.get(lower) : env.get(upper);
    }

    private static String name(Map<String, String> env, String lower, String upper) {
        return env.containsKey(lower) ? lower : upper;
    }

    /** {@code [http://][user[:password]@]host[:port]}; the port is 1080 when none is given, as in curl. */
    static Proxy parse(String text, String source) {
        String t = text.strip();
        String s = t.contains("://") ? t : "http://" + t;
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(source + ": not a proxy URL: " + Redaction.quoted(s));
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(source + ": " + scheme
                    + ":// proxies are not supported, only http:// (HTTPS goes through it with CONNECT)");
        }
        String host = u.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(source + ": no host in proxy URL " + Redaction.quoted(s));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String user = null, password = null;
        String info = u.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        return new Proxy(host, u.getPort() >= 0 ? u.getPort() : 1080, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
