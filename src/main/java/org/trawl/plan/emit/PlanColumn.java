package org.trawl.plan.emit;

/**
 * One column of an emitted plan: its name and the type of its values, so that a typed writer (Parquet) can
 * declare its schema before the first row.
 */
public record PlanColumn(String name, Type type) {
    /** The value types a plan holds: text, or a whole number (the shard). */
    public enum Type {
        STRING,
        INT
    }
}
