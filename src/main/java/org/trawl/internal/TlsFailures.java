package org.trawl.internal;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Tells a certificate the client refused from a connection that broke: the first comes back the same
 * on every attempt, so retrying it (six times, with backoff) only delays the message about --insecure.
 */
public final class TlsFailures {
    private TlsFailures() {}

    /** True when {@code e} or one of its causes is a failed TLS handshake or certificate check. */
    public static boolean isCertificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLHandshakeException
                    || t instanceof SSLPeerUnverifiedException
                    || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }
}
