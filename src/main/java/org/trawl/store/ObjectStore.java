package org.trawl.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What trawl needs of an object store: whole objects, visible only once complete, each checked by the
 * store on arrival. Names are relative to the output's prefix.
 */
public interface ObjectStore extends AutoCloseable {
    /** One stored object: its name under the prefix, its size and the store's ETag/MD5 if it gave one. */
    record ObjectInfo(String name, long size, String md5Hex) {}

    /**
     * Uploads {@code file} as {@code name}; returns once the store has confirmed it (a single PUT, or a
     * completed multipart upload above the threshold), each request carrying its Content-MD5.
     */
    void put(String name, Path file);

    /** The object's size and MD5, or empty when there is none. */
    Optional<ObjectInfo> head(String name);

    /** Every object whose name starts with {@code namePrefix}. */
    List<ObjectInfo> list(String namePrefix);

    /** Downloads {@code name} into {@code to} (written aside and renamed). */
    void get(String name, Path to);

    /** Aborts multipart uploads under {@code namePrefix} left by a process that stopped; returns how many. */
    int abortUnfinishedUploads(String namePrefix);

    @Override
    void close();
}
