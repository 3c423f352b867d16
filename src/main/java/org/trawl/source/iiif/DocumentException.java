package org.trawl.source.iiif;

/** A IIIF document that could not be read; {@code badInput} when the document itself is at fault (4xx, not JSON, unknown type). */
public class DocumentException extends Exception {
    private final boolean badInput;

    DocumentException(String message, boolean badInput) {
        super(message);
        this.badInput = badInput;
    }

    public boolean badInput() {
        return badInput;
    }
}
