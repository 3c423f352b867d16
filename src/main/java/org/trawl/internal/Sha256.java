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
    // Decided on first use, not in a static initialiser: native-image runs side-effect-free static
    // initialisers at build time, where this would always say "not in the executable".
    private static volatile Boolean useLibcrypto;

    private Sha256() {}

    /** A fresh SHA-256 digest. */
    public static MessageDigest newDigest() {
        return useLibcrypto() ? new LibCryptoSha256() : Hashes.digest("SHA-256");
    }

    /** Which implementation {@link #newDigest()} gives, for --version. */
    public static String implementation() {
        return useLibcrypto() ? LibCryptoSha256.library() + " (system OpenSSL)" : "JDK";
    }

    private static boolean useLibcrypto() {
        Boolean use = useLibcrypto;
        if (use == null) {
            use = inNativeExecutable() && !"java".equals(System.getenv("TRAWL_SHA256")) && LibCryptoSha256.available();
            useLibcrypto = use;
        }
        return use;
    }

    /** The property is null on a JVM, so GraalVM's ImageInfo (absent there) is only touched in native-image. */
    private static boolean inNativeExecutable() {
        return System.getProperty("org.graalvm.nativeimage.imagecode") != null
                && org.graalvm.nativeimage.ImageInfo.inImageRuntimeCode();
    }
}
