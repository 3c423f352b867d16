package org.trawl.table;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet's compression codecs in pure Java: snappy, zstd and lz4_raw from aircompressor, gzip from the JDK.
 * parquet-java's own CodecFactory goes through Hadoop's codec classes and the JNI libraries snappy-java and
 * zstd-jni, none of which we ship (see the pom); pandas and Spark write snappy by default, so reading needs it.
 */
final class PureJavaCodecs implements CompressionCodecFactory {
    static final PureJavaCodecs INSTANCE = new PureJavaCodecs();

    private PureJavaCodecs() {}

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Block(codec, null, null);
            case SNAPPY -> new Block(codec, new SnappyCompressor(), null);
            case ZSTD -> new Block(codec, new ZstdCompressor(), null);
            case LZ4_RAW -> new Block(codec, new Lz4Compressor(), null);
            case GZIP -> new Gzip();
            default -> throw new IllegalArgumentException("Parquet compression " + codec + " is not supported");
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Block(codec, null, null);
            case SNAPPY -> new Block(codec, null, new SnappyDecompressor());
            case ZSTD -> new Block(codec, null, new ZstdDecompressor());
            case LZ4_RAW -> new Block(codec, null, new Lz4Decompressor());
            case GZIP -> new Gzip();
            default -> new Unsupported(codec);
        };
    }

    @Override
    public void release() {}

    /** A codec working on whole pages held as byte arrays (a page is at most a few megabytes). */
    private record Block(CompressionCodecName codec, Compressor compressor, Decompressor decompressor)
            implements BytesInputCompressor, BytesInputDecompressor {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            if (compressor == null) {
                return bytes;
            }
            byte[] in = bytes.toByteArray();
            byte[] out = new byte[compressor.maxCompressedLength(in.length)];
            int n = compressor.compress(in, 0, in.length, out, 0, out.length);
            return BytesInput.from(out, 0, n);
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            if (decompressor == null) {
                return bytes;
            }
            byte[] in = bytes.toByteArray();
            byte[] out = new byte[uncompressedSize];
            decompress(in, 0, in.length, out, uncompressedSize);
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            byte[] out = new byte[uncompressedSize];
            if (decompressor == null) {
                System.arraycopy(in, 0, out, 0, Math.min(compressedSize, uncompressedSize));
            } else {
                decompress(in, 0, compressedSize, out, uncompressedSize);
            }
            output.put(out);
        }

        private void decompress(byte[] in, int off, int len, byte[] out, int size) throws IOException {
            int n;
            try {
                n = decompressor.decompress(in, off, len, out, 0, size);
            } catch (RuntimeException e) { // aircompressor's MalformedInputException, or an index out of range
                throw new IOException("damaged " + codec + " page: " + e.getMessage(), e);
            }
            if (n != size) {
                throw new IOException("damaged " + codec + " page: " + n + " bytes where " + size + " were announced");
            }
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {}
    }

    private static final class Gzip implements BytesInputCompressor, BytesInputDecompressor {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                bytes.writeAllTo(gz);
            }
            return BytesInput.from(buf.toByteArray());
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            return BytesInput.from(inflate(bytes.toInputStream(), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(inflate(new java.io.ByteArrayInputStream(in), uncompressedSize));
        }

        private static byte[] inflate(InputStream in, int size) throws IOException {
            try (GZIPInputStream gz = new GZIPInputStream(in)) {
                byte[] out = gz.readNBytes(size);
                if (out.length != size) {
                    throw new IOException(
                            "damaged GZIP page: " + out.length + " bytes where " + size + " were announced");
                }
                return out;
            }
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.GZIP;
        }

        @Override
        public void release() {}
    }

    /** Fails when a page is read, so a file whose other columns use a known codec can still be read. */
    private record Unsupported(CompressionCodecName codec) implements BytesInputDecompressor {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            throw new IOException(
                    "Parquet compression " + codec + " is not supported (use snappy, zstd, gzip or lz4_raw)");
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            decompress(null, uncompressedSize);
        }

        @Override
        public void release() {}
    }
}
