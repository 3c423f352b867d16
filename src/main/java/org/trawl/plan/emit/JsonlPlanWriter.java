package org.trawl.plan.emit;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.trawl.internal.Json;

/**
 * A plan as JSON Lines: an object per item with every column in column order (null where the item has no value),
 * so the first object's keys say it is a plan, and the shard is a number.
 */
final class JsonlPlanWriter implements PlanTableWriter {
    private final JsonGenerator g;
    private final List<PlanColumn> columns;

    JsonlPlanWriter(Writer out, List<PlanColumn> columns) throws IOException {
        this.columns = columns;
        this.g = Json.MAPPER.getFactory().createGenerator(out);
        g.setRootValueSeparator(null);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public void row(Object[] values) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            g.writeFieldName(columns.get(i).name());
            Object v = values[i];
            if (v == null) {
                g.writeNull();
            } else if (v instanceof Integer n) {
                g.writeNumber(n);
            } else {
                g.writeString(v.toString());
            }
        }
        g.writeEndObject();
        g.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
        g.close();
    }
}
