package org.trawl.core;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A digest the source knows for an image (e.g. Cloud Storage's md5Hash or crc32c); the engine
 * computes the same digest while the body streams and fails the item on a mismatch.
 *
 * @param algorithm "md5", "crc32c" or "sha256"
 * @param hex       the expected value, lower-case hex (crc32c: 8 digits, big-endian)
 */
public record Checksum(String algorithm, String hex) {
    public Checksum {
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        if (!algorithm.equals("md5") && !algorithm.equals("crc32c") && !algorithm.equals("sha256")) {
            throw new IllegalArgumentException("unsupported checksum " + algorithm);
        }
        hex = hex.toLowerCase(Locale.ROOT);
    }

    /** From the base64 form Cloud Storage uses for md5Hash and crc32c. */
    public static Checksum fromBase64(String algorithm, String base64) {
        return new Checksum(
                algorithm, HexFormat.of().formatHex(Base64.getDecoder().decode(base64)));
    }
}
