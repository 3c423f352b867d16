package org.trawl.image.codec;

/** Receives a decoded image top to bottom, one row of interleaved 8-bit samples at a time. */
public interface RowSink {
    /**
     * @param channels 1 = gray, 2 = gray + alpha, 3 = RGB, 4 = RGBA
     */
    void begin(int width, int height, int channels) throws DecodeException;

    /** Row {@code y} ({@code width * channels} bytes); the array is reused after the call returns. */
    void row(byte[] row, int y);
}
