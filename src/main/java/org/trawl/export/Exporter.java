package org.trawl.export;

import java.io.IOException;

/** One annotation format: gathers images, then writes its files (aside, then renamed) on finish. */
public interface Exporter {
    void add(ExportImage image) throws IOException;

    void finish() throws IOException;
}
