package org.trawl.image.codec;

/** An image in memory: interleaved 8-bit samples, {@code channels} per pixel (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA). */
public record Raster(int width, int height, int channels, byte[] pixels) {

    /** A sink that keeps every row: the whole image at full size. */
    public static final class Collector implements RowSink {
        private Raster raster;

        @Override
        public void begin(int width, int height, int channels) throws DecodeException {
            Limits.checkAlloc((long) width * height * channels, "image");
            raster = new Raster(width, height, channels, new byte[width * height * channels]);
        }

        @Override
        public void row(byte[] row, int y) {
            int n = raster.width * raster.channels;
            System.arraycopy(row, 0, raster.pixels, y * n, n);
        }

        public Raster raster() {
            return raster;
        }
    }
}
