package org.trawl.export;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Class names sorted by name, so ids are the same on every run of the same data (m3-download built
 * them from a Python set, whose order changes between runs).
 */
final class Categories {
    private final TreeSet<String> names = new TreeSet<>();
    private List<String> frozen;

    void add(String name) {
        names.add(name);
        frozen = null;
    }

    List<String> sorted() {
        if (frozen == null) {
            frozen = new ArrayList<>(names);
        }
        return frozen;
    }

    /** 0-based index in sorted order. */
    int index(String name) {
        int i = java.util.Collections.binarySearch(sorted(), name);
        if (i < 0) {
            throw new IllegalStateException("unknown class " + name);
        }
        return i;
    }
}
