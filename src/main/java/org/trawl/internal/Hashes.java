package org.trawl.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Digest helpers; MessageDigest instances are cached per thread because they are not thread-safe. */
public final class Hashes {
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> digest("SHA-1"));

    private Hashes() {}

    public static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from this JVM", e);
        }
    }

    public static byte[] sha1(String s) {
        MessageDigest md = SHA1.get();
        md.reset();
        return md.digest(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The lower-case hex SHA-256 of a file's bytes, read in 64 KiB blocks. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest md = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha1Hex(String s) {
        return HexFormat.of().formatHex(sha1(s));
    }

    /** Uniform double in [0,1) from a seeded SHA-1: stable across runs, machines and shards. */
    public static double unitInterval(long seed, String value) {
        byte[] h = sha1(seed + "\u0000" + value);
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = (bits << 8) | (h[i] & 0xff);
        }
        return (bits >>> 3) / (double) (1L << 53);
    }
}
