package org.trawl.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * TFRecord framing: uint64 length (little-endian), masked CRC32C of those 8 bytes, the data, masked
 * CRC32C of the data. The mask is TensorFlow's: rotate right by 15, add 0xa282ead8.
 */
public final class TfRecordWriter {
    private final OutputStream out;

    public TfRecordWriter(OutputStream out) {
        this.out = out;
    }

    public void write(byte[] data) throws IOException {
        byte[] len = new byte[8];
        long n = data.length;
        for (int i = 0; i < 8; i++) {
            len[i] = (byte) (n >>> (8 * i));
        }
        out.write(len);
        out.write(le32(maskedCrc(len)));
        out.write(data);
        out.write(le32(maskedCrc(data)));
    }

    public static int maskedCrc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        int crc = (int) c.getValue();
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
