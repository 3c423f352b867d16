package org.trawl.image;

/**
 * Thrown by an {@link ImageTransform} when the body must not enter the dataset (e.g. it does not
 * decode). The fetcher turns it into a permanent failure with this reason: the bytes were served
 * whole, so a retry would fetch the same damage. Kept in this package so the codec needs no fetch type.
 */
public final class ImageRejected extends RuntimeException {
    public ImageRejected(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
