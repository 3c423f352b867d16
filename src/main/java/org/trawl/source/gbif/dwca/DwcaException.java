package org.trawl.source.gbif.dwca;

/** The archive cannot be read as asked (bad descriptor, missing file, no media): the user's input is at fault. */
public class DwcaException extends RuntimeException {
    public DwcaException(String message) {
        super(message);
    }
}
