package org.trawl.table;

import java.util.Objects;

/** One column of a table: its name and the type of its values. Every column may hold nulls. */
public record TableColumn(String name, Type type) {
    /**
     * The Java value each type takes and gives: STRING a String, INT64 a Long (any Number is accepted), DOUBLE a
     * Double (any Number), TIMESTAMP an Instant (stored as UTC microseconds), BOOLEAN a Boolean.
     */
    public enum Type {
        STRING,
        INT64,
        DOUBLE,
        TIMESTAMP,
        BOOLEAN
    }

    public TableColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static TableColumn string(String name) {
        return new TableColumn(name, Type.STRING);
    }

    public static TableColumn int64(String name) {
        return new TableColumn(name, Type.INT64);
    }

    public static TableColumn float64(String name) {
        return new TableColumn(name, Type.DOUBLE);
    }

    public static TableColumn timestamp(String name) {
        return new TableColumn(name, Type.TIMESTAMP);
    }

    public static TableColumn bool(String name) {
        return new TableColumn(name, Type.BOOLEAN);
    }
}
