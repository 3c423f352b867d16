package org.trawl.core;

import java.util.Iterator;

/** A lazy stream of items that holds a resource (a file, a zip, an HTTP cursor) until closed. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();

    /** Wraps a plain iterator that holds nothing. */
    static <T> CloseableIterator<T> of(Iterator<T> it) {
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                return it.next();
            }

            @Override
            public void close() {}
        };
    }
}
