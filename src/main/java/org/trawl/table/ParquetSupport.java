package org.trawl.table;

import org.trawl.core.TrawlException;

/**
 * Whether this build reads and writes Parquet. The JVM build does; the native executable does not:
 * parquet-java's reader and writer builders reach Hadoop's {@code Configuration}, whose class links against
 * Hadoop's shaded third-party jars, and Quarkus links every reachable class at build time. The native
 * executable replaces {@link #available()} and the two entry points ({@link ParquetTableReader#open},
 * {@link ParquetTableWriter#create}) so none of that code is in it (see {@link NativeParquetSubstitutions}), and
 * each Parquet option stops with one line naming the JVM build before any work starts.
 */
public final class ParquetSupport {
    private ParquetSupport() {}

    /** True on the JVM; false in the native executable. */
    public static boolean available() {
        return true;
    }

    /** Stops with a usage error (exit 2) naming {@code what} where this build has no Parquet. */
    public static void require(String what) {
        if (!available()) {
            throw unavailable(what);
        }
    }

    static TrawlException unavailable(String what) {
        return TrawlException.usage(what + ": Parquet is not in the native executable; run the JVM build "
                + "(packaging/bin/trawl, or java -jar quarkus-run.jar), or use .csv or .jsonl");
    }
}
