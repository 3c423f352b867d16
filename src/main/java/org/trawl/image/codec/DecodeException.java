package org.trawl.image.codec;

import java.io.IOException;

/** The image could not be decoded: corrupt, truncated, or a variant this codec does not support. */
public class DecodeException extends IOException {
    private final boolean unsupported;

    private DecodeException(String message, boolean unsupported) {
        super(message);
        this.unsupported = unsupported;
    }

    public static DecodeException corrupt(String message) {
        return new DecodeException(message, false);
    }

    public static DecodeException unsupported(String message) {
        return new DecodeException(message, true);
    }

    /** True for a valid image this codec does not handle (CMYK, 12-bit, arithmetic coding...). */
    public boolean unsupported() {
        return unsupported;
    }
}
