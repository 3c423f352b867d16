package org.trawl.table;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One row of a table read by {@link ParquetTableReader}: its values by column name or position. Values are
 * String, Long, Double, Boolean, Instant (timestamps), LocalDate (dates), BigDecimal (decimals) or null.
 */
public final class TableRow {
    private final List<String> names;
    private final Map<String, Integer> index;
    private final Object[] values;
    private final long number;

    TableRow(List<String> names, Map<String, Integer> index, Object[] values, long number) {
        this.names = names;
        this.index = index;
        this.values = values;
        this.number = number;
    }

    /** The column names, in the table's order. */
    public List<String> names() {
        return names;
    }

    /** 1 for the first row of the table (of its first part file). */
    public long number() {
        return number;
    }

    public Object get(int i) {
        return values[i];
    }

    /** The value of the column, or null if it is missing here or the table has no such column. */
    public Object get(String name) {
        Integer i = index.get(name);
        return i == null ? null : values[i];
    }

    /** The value as text (timestamps in ISO-8601, numbers as Java prints them), or null. */
    public String text(int i) {
        return text(values[i]);
    }

    /** The value of the column as text (see {@link #text(int)}), or null. */
    public String text(String name) {
        Integer i = index.get(name);
        return i == null ? null : text(values[i]);
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString();
    }
}
