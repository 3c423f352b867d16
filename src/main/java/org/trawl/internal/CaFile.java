package org.trawl.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * {@code --cacert FILE}: the certificates of a PEM file trusted on top of the JDK's own authorities
 * (curl replaces its bundle with the file; trawl adds to it, so a private CA never costs the public ones).
 * Verification, host names included, stays on.
 */
public final class CaFile {
    private final Path file;
    private final KeyStore trust;

    private CaFile(Path file, KeyStore trust) {
        this.file = file;
        this.trust = trust;
    }

    /**
     * Reads the file.
     *
     * @throws IllegalArgumentException with a one-line reason when it is missing, unreadable or holds no
     *                                  PEM certificate
     */
    public static CaFile load(Path file) {
        byte[] pem;
        try {
            pem = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--cacert: no such file: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--cacert: cannot read " + file + ": " + e.getMessage());
        }
        if (!new String(pem, java.nio.charset.StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(
                    "--cacert: " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        Collection<? extends Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    "--cacert: " + file + ": not a valid PEM certificate: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("--cacert: " + file + " holds no PEM certificate");
        }
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int n = 0;
            for (X509Certificate ca : defaultAuthorities()) {
                ks.setCertificateEntry("jdk-" + n++, ca);
            }
            for (Certificate c : certs) {
                ks.setCertificateEntry("cacert-" + n++, c);
            }
            return new CaFile(file, ks);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK's authorities (its cacerts, built into a native executable) with the file's certificates. */
    public KeyStore trustStore() {
        return trust;
    }

    public TrustManagerFactory trustManagers() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(trust);
            return f;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context that trusts {@link #trustStore}, for the JDK's HTTP clients. */
    public SSLContext sslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers().getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path file() {
        return file;
    }

    private static List<X509Certificate> defaultAuthorities() throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init((KeyStore) null);
        List<X509Certificate> all = new ArrayList<>();
        for (var tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                all.addAll(List.of(x.getAcceptedIssuers()));
            }
        }
        return all;
    }
}
