package org.trawl.internal;

import java.security.MessageDigest;

/**
 * Where SHA-256 digests come from. On the JVM, the JDK's: HotSpot compiles it to the CPU's SHA
 * instructions. In the native executable, the system's libcrypto when it loads: GraalVM compiles
 * SHA-256 for the build's CPU baseline (x86-64-v3, without the SHA extensions), which measured 369 MB/s
 * here against 1.7 GB/s for the JDK, and hashing was half the native download's CPU.
 * {@code TRAWL_SHA256=java} forces the JDK's digest.
 */
public final class Sha256 {
    private static final boolean IN_NATIVE_EXECUTABLE =
            "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"));
    private static final boolean USE_LIBCRYPTO = IN_NATIVE_EXECUTABLE && !"java".equals(System.getenv("TRAWL_SHA256"))
            && LibCryptoSha256.available();

    private Sha256() {
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest newDigest() {
        return USE_LIBCRYPTO ? new LibCryptoSha256() : Hashes.digest("SHA-256");
    }

    /** Which implementation {@link #newDigest()} gives, for --version. */
    public static String implementation() {
        return USE_LIBCRYPTO ? LibCryptoSha256.library() + " (system OpenSSL)" : "JDK";
    }
}
