/**
 * A small pure-Java image codec (no AWT, so it runs in a static native executable): baseline and
 * progressive JPEG and all PNG decoders, baseline JPEG and PNG encoders, an area-averaging
 * downscaler and EXIF orientation. Decoders stream rows into a {@link org.trawl.image.codec.RowSink},
 * so a downscale never holds the full-size image (progressive JPEG and interlaced PNG excepted).
 */
package org.trawl.image.codec;
