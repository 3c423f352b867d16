package org.trawl.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.trawl.core.Checksum;
import org.trawl.internal.Hashes;

/** The digest a source expects (md5, crc32c, sha256), computed as the body streams. */
final class StreamingChecksum {
    private final MessageDigest digest;
    private final CRC32C crc;

    private StreamingChecksum(String algorithm) {
        if (algorithm.equals("crc32c")) {
            crc = new CRC32C();
            digest = null;
        } else {
            crc = null;
            digest = algorithm.equals("md5") ? Hashes.digest("MD5") : org.trawl.internal.Sha256.newDigest();
        }
    }

    /** A running checksum for expected, or null when the source gave none. */
    static StreamingChecksum of(Checksum expected) {
        return expected == null ? null : new StreamingChecksum(expected.algorithm());
    }

    void update(ByteBuffer b) {
        if (crc != null) {
            crc.update(b);
        } else {
            digest.update(b);
        }
    }

    /** Lower-case hex; crc32c as 8 big-endian digits, as Cloud Storage encodes it. */
    String hex() {
        return crc != null
                ? String.format("%08x", crc.getValue())
                : HexFormat.of().formatHex(digest.digest());
    }

    /** The same checksum over a whole file (after a Range resume). */
    static String ofFile(Checksum expected, Path file) throws IOException {
        StreamingChecksum sum = new StreamingChecksum(expected.algorithm());
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            while (c.read(b) > 0) {
                b.flip();
                sum.update(b);
                b.clear();
            }
        }
        return sum.hex();
    }
}
