package org.trawl.plan.emit;

import java.io.IOException;

/**
 * Writes the rows of a plan in one format. An implementation gets the column list ({@link PlanColumn}: name and
 * type) when it is made, so a typed format can declare its schema first; rows come as one value per column.
 */
public interface PlanTableWriter extends AutoCloseable {
    /** One row: a String, an Integer or null per column, in column order. */
    void row(Object[] values) throws IOException;

    /** Flushes what is buffered; does not close the stream it was given. */
    @Override
    void close() throws IOException;
}
