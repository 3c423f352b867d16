package org.trawl.source.som;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.trawl.core.TrawlException;
import org.trawl.internal.Network;
import org.trawl.internal.ProxyConfig;

/**
 * Google credentials through google-auth-library (Application Default Credentials in Google's own
 * order: GOOGLE_APPLICATION_CREDENTIALS, the gcloud user ADC file, the metadata server), scoped to
 * read Datastore and Cloud Storage. The library signs the service-account JWT, posts it to the key
 * file's token_uri, caches the token and refreshes it before it expires; we only ask for headers.
 * Tokens live in memory only: never logged, never in an item, a checkpoint or a table.
 */
public final class GoogleAuth {
    static final List<String> SCOPES = List.of(
            "https://www.googleapis.com/auth/datastore", "https://www.googleapis.com/auth/devstorage.read_only");

    private final GoogleCredentials credentials;

    private GoogleAuth(GoogleCredentials credentials) {
        this.credentials = credentials;
    }

    /**
     * The credentials of a key file given on the command line, else Application Default Credentials.
     *
     * @throws TrawlException (usage) when none can be found or the file is unreadable
     */
    public static GoogleAuth resolve(Path keyFile, Network network) {
        GoogleCredentials c;
        try {
            HttpTransportFactory transport = transport(network);
            if (keyFile != null) {
                try (InputStream in = Files.newInputStream(keyFile)) {
                    c = transport == null
                            ? GoogleCredentials.fromStream(in)
                            : GoogleCredentials.fromStream(in, transport);
                }
            } else {
                c = transport == null
                        ? GoogleCredentials.getApplicationDefault()
                        : GoogleCredentials.getApplicationDefault(transport);
            }
        } catch (NoSuchFileException e) {
            throw TrawlException.usage("credentials file not found: " + e.getFile());
        } catch (IOException | RuntimeException e) {
            String env = System.getenv("GOOGLE_APPLICATION_CREDENTIALS");
            if (keyFile == null && (env == null || env.isBlank())) {
                throw TrawlException.usage(
                        "no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to a "
                                + "service-account key file, run 'gcloud auth application-default login', or run on Google Cloud");
            }
            throw TrawlException.usage("cannot read Google credentials from " + (keyFile != null ? keyFile : env) + ": "
                    + firstLine(e.getMessage()));
        }
        if (c.createScopedRequired()) {
            c = c.createScoped(SCOPES);
        }
        return new GoogleAuth(c);
    }

    /**
     * The token endpoint's transport when the network is not the library's default: --insecure (no
     * certificate checks), --cacert, or a proxy (with its credentials for a 407, also in a CONNECT);
     * null for the library's own.
     */
    private static HttpTransportFactory transport(Network network) throws IOException {
        if (!network.insecure() && network.ca() == null && !network.proxies().any()) {
            return null;
        }
        try {
            NetHttpTransport.Builder b = new NetHttpTransport.Builder();
            if (network.insecure()) {
                b.doNotValidateCertificate();
            } else if (network.ca() != null) {
                b.trustCertificates(network.ca().trustStore());
            }
            java.net.Authenticator credentials = network.proxyAuthenticator();
            b.setConnectionFactory(url -> {
                java.net.URI uri;
                try {
                    uri = url.toURI();
                } catch (java.net.URISyntaxException e) {
                    throw new IOException(e);
                }
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) url.openConnection(network.javaProxy(uri));
                c.setAuthenticator(credentials); // answers the 407 of an HTTPS tunnel's CONNECT
                ProxyConfig.Proxy p = network.proxyFor(uri);
                if (p != null && p.user() != null && url.getProtocol().equals("http")) {
                    // a plain-HTTP request goes to the proxy itself, and the token request is a streamed POST
                    // that HttpURLConnection cannot send again after a 407: the credentials go with it
                    c.setRequestProperty("Proxy-Authorization", p.authorization());
                }
                return c;
            });
            NetHttpTransport t = b.build();
            return () -> t;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Who we act as, for error messages (an e-mail for service accounts, else the credential type). */
    public String principal() {
        if (credentials instanceof ServiceAccountCredentials sa) {
            return sa.getClientEmail();
        }
        if (credentials instanceof UserCredentials) {
            return "your gcloud user credentials";
        }
        return "the " + credentials.getClass().getSimpleName().replace("Credentials", "") + " credentials";
    }

    /**
     * The headers that authorise a request to uri (Authorization, plus x-goog-user-project when a
     * quota project is set); refreshes the token first when it is about to expire.
     */
    public Map<String, String> headers(URI uri) {
        Map<String, List<String>> md;
        try {
            md = credentials.getRequestMetadata(uri);
        } catch (IOException e) {
            throw TrawlException.fatal(
                    "cannot get a Google access token for " + principal() + ": " + firstLine(e.getMessage()), null);
        }
        Map<String, String> h = new HashMap<>();
        md.forEach((k, v) -> {
            if (!v.isEmpty()) {
                h.put(k, v.get(0));
            }
        });
        return h;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return org.trawl.internal.Redaction.line(nl < 0 ? s : s.substring(0, nl)); // a token may be quoted back
    }
}
