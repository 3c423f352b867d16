package org.trawl.internal;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;

/**
 * How trawl reaches servers, the same for every HTTP client it has (the download engine, the REST
 * clients, the JDK clients): certificate checks ({@code --insecure}, {@code --cacert}) and the proxy of
 * each URL ({@link ProxyConfig}).
 *
 * @param insecure no certificate checks at all
 * @param proxies  the proxy of each URL
 * @param ca       {@code --cacert}'s authorities, trusted besides the JDK's, or null
 */
public record Network(boolean insecure, ProxyConfig proxies, CaFile ca) {
    /**
     * The JDK's HTTP clients never send Basic credentials to a proxy for an HTTPS tunnel unless this
     * property leaves Basic out; it is read once, when the JDK's HTTP classes load, so the command line
     * sets it before any client is made (CommandLineSetup), and this class too, for the code that builds
     * a client without it. trawl's authenticators answer only the proxy the user named, as curl does.
     */
    public static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    static {
        allowBasicForTunnels();
    }

    public Network {
        proxies = proxies == null ? ProxyConfig.NONE : proxies;
    }

    /** No proxy, the JDK's authorities (or none at all when {@code insecure}). */
    public static Network plain(boolean insecure) {
        return new Network(insecure, ProxyConfig.NONE, null);
    }

    /** See {@link #TUNNELING_DISABLED_SCHEMES}; a value the user set is kept. */
    public static void allowBasicForTunnels() {
        if (System.getProperty(TUNNELING_DISABLED_SCHEMES) == null) {
            System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
        }
    }

    /** The proxy of {@code url}, or null when it goes direct. */
    public ProxyConfig.Proxy proxyFor(URI url) {
        return proxies.forUri(url);
    }

    /** A JDK HttpClient with this network's trust, proxy selection and proxy credentials. */
    public HttpClient.Builder configure(HttpClient.Builder b) {
        if (insecure) {
            b.sslContext(InsecureTls.context());
        } else if (ca != null) {
            b.sslContext(ca.sslContext());
        }
        if (proxies.any()) {
            b.proxy(new Selector(proxies));
            b.authenticator(proxyAuthenticator());
        }
        return b;
    }

    /** The JDK's proxy for {@code url}: {@link java.net.Proxy#NO_PROXY} when it goes direct. */
    public java.net.Proxy javaProxy(URI url) {
        ProxyConfig.Proxy p = proxies.forUri(url);
        return p == null
                ? java.net.Proxy.NO_PROXY
                : new java.net.Proxy(java.net.Proxy.Type.HTTP, new InetSocketAddress(p.host(), p.port()));
    }

    /** Answers a 407 of a configured proxy with the credentials of its URL, and nothing else. */
    public Authenticator proxyAuthenticator() {
        return new ProxyCredentials(proxies);
    }

    /** A REST client whose every request goes to {@code base} (none follows a redirect). */
    public QuarkusRestClientBuilder configure(QuarkusRestClientBuilder b, URI base) {
        b.trustAll(insecure).verifyHost(!insecure);
        if (!insecure && ca != null) {
            b.trustStore(ca.trustStore());
        }
        ProxyConfig.Proxy p = proxies.forUri(base);
        if (p != null) {
            b.proxyAddress(p.host(), p.port());
            if (p.user() != null) {
                b.proxyUser(p.user()).proxyPassword(p.password() == null ? "" : p.password());
            }
        }
        return b;
    }

    /** The engine's client options: trust. Proxies are per request ({@link #vertxProxy}). */
    public HttpClientOptions configure(HttpClientOptions o) {
        o.setTrustAll(insecure).setVerifyHost(!insecure);
        if (!insecure && ca != null) {
            o.setTrustOptions(TrustOptions.wrap(ca.trustManagers()));
        }
        return o;
    }

    /** Vert.x's proxy for a request to {@code url} (HTTPS through CONNECT), or null to go direct. */
    public ProxyOptions vertxProxy(String url) {
        ProxyConfig.Proxy p = proxies.forUrl(url);
        if (p == null) {
            return null;
        }
        ProxyOptions o =
                new ProxyOptions().setType(ProxyType.HTTP).setHost(p.host()).setPort(p.port());
        if (p.user() != null) {
            o.setUsername(p.user()).setPassword(p.password() == null ? "" : p.password());
        }
        return o;
    }

    /**
     * The one line for a proxy that refused trawl (407), or null when {@code status} and {@code error}
     * say nothing of the kind or {@code url} goes direct. Names the proxy without its credentials.
     */
    public String proxyRefusal(URI url, int status, Throwable error) {
        return refusal(url == null ? null : proxies.forUri(url), status, error);
    }

    /** The same for a URL as text; one that does not parse goes direct, so no proxy refused it. */
    public String proxyRefusal(String url, int status, Throwable error) {
        return refusal(url == null ? null : proxies.forUrl(url), status, error);
    }

    private static String refusal(ProxyConfig.Proxy p, int status, Throwable error) {
        return p != null && isProxyRefusal(status, error) ? refusalMessage(p) : null;
    }

    /** {@link #refusalMessage} for the proxy of {@code url}, or null when it goes direct. */
    public String refusalMessage(URI url) {
        ProxyConfig.Proxy p = proxies.forUri(url);
        return p == null ? null : refusalMessage(p);
    }

    /**
     * Whether a status or an error is a proxy refusing trawl: a 407 answer to a plain-HTTP request
     * through it, or a CONNECT answered 407 or 401 (tinyproxy answers a wrong password with 401; any
     * answer to a CONNECT is the proxy's own) in Netty's words ("status: 407") or the JDK's ("Tunnel
     * failed, got: 401", "too many authentication attempts").
     */
    public static boolean isProxyRefusal(int status, Throwable error) {
        if (status == 407) {
            return true;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("authentication attempts")
                    || CONNECT_REFUSED.matcher(m).find()
                            && (t.getClass().getName().contains("Proxy") || m.contains("Tunnel failed"))) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern CONNECT_REFUSED =
            java.util.regex.Pattern.compile("(status: |Tunnel failed, got: )40[17]\\b");

    public static String refusalMessage(ProxyConfig.Proxy p) {
        return "proxy " + p + (p.user() == null ? " asks for credentials" : " refused the credentials")
                + " (407 Proxy Authentication Required)";
    }

    /** The JDK's proxy selection, from {@link ProxyConfig}. */
    private static final class Selector extends ProxySelector {
        private final ProxyConfig proxies;

        Selector(ProxyConfig proxies) {
            this.proxies = proxies;
        }

        @Override
        public List<java.net.Proxy> select(URI uri) {
            return List.of(new Network(false, proxies, null).javaProxy(uri));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    }

    /** Answers a proxy's 407 with the credentials of its URL; never a server's 401. */
    private static final class ProxyCredentials extends Authenticator {
        private final ProxyConfig proxies;

        ProxyCredentials(ProxyConfig proxies) {
            this.proxies = proxies;
        }

        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            // by the proxy's address: for a CONNECT the JDK gives no requesting URL
            ProxyConfig.Proxy p = getRequestorType() == RequestorType.PROXY
                    ? proxies.byAddress(getRequestingHost(), getRequestingPort())
                    : null;
            if (p == null || p.user() == null) {
                return null;
            }
            String pw = p.password() == null ? "" : p.password();
            return new PasswordAuthentication(p.user(), pw.toCharArray());
        }
    }
}
