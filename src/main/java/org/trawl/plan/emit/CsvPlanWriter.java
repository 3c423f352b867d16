package org.trawl.plan.emit;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.trawl.internal.Csv;

/** A plan as CSV: a header of the column names, a row per item, null as an empty field (RFC 4180 quoting). */
final class CsvPlanWriter implements PlanTableWriter {
    private final Writer out;
    private final StringBuilder line = new StringBuilder(512);

    CsvPlanWriter(Writer out, List<PlanColumn> columns) throws IOException {
        this.out = out;
        out.write(Csv.row(columns.stream().map(PlanColumn::name).toList()));
    }

    @Override
    public void row(Object[] values) throws IOException {
        line.setLength(0);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            Csv.appendField(line, values[i] == null ? null : values[i].toString());
        }
        out.append(line).append('\n');
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
