package org.trawl.table;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes one Parquet file (snappy-compressed, every column optional) from a typed schema and rows:
 *
 * <pre>{@code
 * try (ParquetTableWriter w = ParquetTableWriter.create(path, List.of(TableColumn.string("url"),
 *         TableColumn.int64("bytes")))) {
 *     w.write("https://example.org/a.jpg", 1234L);
 * }
 * }</pre>
 *
 * A row's values come in the schema's order, typed as {@link TableColumn.Type} says; null is a missing value.
 * The file is complete only once closed. pandas, polars, DuckDB and pyarrow read it: timestamps are UTC
 * microseconds, strings UTF-8.
 */
public final class ParquetTableWriter implements Closeable {
    private final List<TableColumn> columns;
    private final SimpleGroupFactory groups;
    private final ParquetWriter<Group> writer;
    private long rows;

    private ParquetTableWriter(Path file, List<TableColumn> columns) throws IOException {
        this.columns = List.copyOf(columns);
        MessageType schema = schemaOf(this.columns);
        this.groups = new SimpleGroupFactory(schema);
        this.writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(schema)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(PureJavaCodecs.INSTANCE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    /** A writer of file (replaced if it exists) with these columns, in this order. */
    public static ParquetTableWriter create(Path file, List<TableColumn> columns) throws IOException {
        return new ParquetTableWriter(file, columns);
    }

    public List<TableColumn> columns() {
        return columns;
    }

    /** One row: a value per column, in the schema's order (fewer values leave the last columns null). */
    public void write(Object... values) throws IOException {
        write(java.util.Arrays.asList(values));
    }

    /** One row: a value per column, in the schema's order (fewer values leave the last columns null). */
    public void write(List<?> values) throws IOException {
        if (values.size() > columns.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + columns.size() + " columns");
        }
        Group g = groups.newGroup();
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v == null) {
                continue;
            }
            TableColumn c = columns.get(i);
            switch (c.type()) {
                case STRING -> g.append(c.name(), v.toString());
                case INT64 -> g.append(c.name(), number(c, v).longValue());
                case DOUBLE -> g.append(c.name(), number(c, v).doubleValue());
                case BOOLEAN -> g.append(c.name(), (Boolean) v);
                case TIMESTAMP -> g.append(c.name(), micros(c, v));
            }
        }
        writer.write(g);
        rows++;
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static Number number(TableColumn c, Object v) {
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(
                c.name() + ": a number was expected, not " + v.getClass().getSimpleName());
    }

    private static long micros(TableColumn c, Object v) {
        if (v instanceof Instant t) {
            return ChronoUnit.MICROS.between(Instant.EPOCH, t);
        }
        throw new IllegalArgumentException(
                c.name() + ": an Instant was expected, not " + v.getClass().getSimpleName());
    }

    static MessageType schemaOf(List<TableColumn> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (TableColumn c : columns) {
            switch (c.type()) {
                case STRING ->
                    b.optional(PrimitiveTypeName.BINARY)
                            .as(LogicalTypeAnnotation.stringType())
                            .named(c.name());
                case INT64 -> b.optional(PrimitiveTypeName.INT64).named(c.name());
                case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(c.name());
                case BOOLEAN -> b.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
                case TIMESTAMP ->
                    b.optional(PrimitiveTypeName.INT64)
                            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                            .named(c.name());
            }
        }
        return b.named("trawl");
    }
}
