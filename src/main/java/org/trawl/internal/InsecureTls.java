package org.trawl.internal;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** The TLS context of {@code --insecure} for the JDK's HttpClient (the IIIF documents, the GBIF archive). */
public final class InsecureTls {
    private InsecureTls() {}

    /** For --insecure only: accepts any certificate and host name (the trust manager does both checks). */
    public static SSLContext context() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(
                    null,
                    new TrustManager[] {
                        new X509ExtendedTrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

                            @Override
                            public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

                            @Override
                            public void checkClientTrusted(X509Certificate[] c, String a) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] c, String a) {}

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    new SecureRandom());
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
