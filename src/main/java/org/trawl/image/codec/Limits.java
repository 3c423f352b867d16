package org.trawl.image.codec;

/** Guards against lying headers: a few bytes must never make the decoder allocate gigabytes. */
final class Limits {
    /** Largest image accepted, in pixels (width x height). */
    static final long MAX_PIXELS = 100_000_000L;

    private Limits() {}

    static void checkSize(long width, long height) throws DecodeException {
        if (width <= 0 || height <= 0) {
            throw DecodeException.corrupt("bad image size " + width + "x" + height);
        }
        if (width * height > MAX_PIXELS) {
            throw DecodeException.unsupported(
                    "image too large: " + width + "x" + height + " (limit " + MAX_PIXELS / 1_000_000 + " megapixels)");
        }
    }

    /** Fails cleanly, instead of an OutOfMemoryError later, if a buffer cannot reasonably fit in the heap. */
    static void checkAlloc(long bytes, String what) throws DecodeException {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        // refuse only what cannot fit now; a lying header asks for far more than any heap holds
        if (bytes > Integer.MAX_VALUE - 16 || bytes > free * 9 / 10) {
            throw DecodeException.unsupported("not enough memory for the " + what + " (" + bytes / (1 << 20) + " MB)");
        }
    }
}
