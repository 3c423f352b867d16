package org.trawl.table;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.trawl.core.CloseableIterator;

/**
 * Reads the rows of a Parquet table: one file, or a folder of part files (the {@code *.parquet} files in it,
 * in name order, as Spark, pandas and GBIF write them). The first part's top-level columns are the table's;
 * a later part that lacks one gives null there. Nested columns (lists, maps, structs) are not read.
 *
 * <pre>{@code
 * try (ParquetTableReader r = ParquetTableReader.open(path)) {
 *     while (r.hasNext()) {
 *         TableRow row = r.next();
 *         String url = row.text("url");
 *     }
 * }
 * }</pre>
 *
 * Every failure, a damaged or foreign file included, is an IOException naming the file (as an
 * {@link java.io.UncheckedIOException} from hasNext/next).
 */
public final class ParquetTableReader implements CloseableIterator<TableRow> {
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;

    private final List<Path> parts;
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private int part = -1;
    private ParquetFileReader file;
    private MessageType fileSchema;
    private MessageType requested;
    private Materializer materializer;
    private RecordReader<Object[]> records;
    private long leftInGroup;
    private long number;
    private TableRow next;

    private ParquetTableReader(List<Path> parts) throws IOException {
        this.parts = parts;
        try (ParquetFileReader first = openFile(parts.get(0))) {
            for (Type t : first.getFooter().getFileMetaData().getSchema().getFields()) {
                if (readable(t)) {
                    index.put(t.getName(), names.size());
                    names.add(t.getName());
                }
            }
        }
    }

    /** A reader of the file, or of the folder's part files. */
    public static ParquetTableReader open(Path fileOrFolder) throws IOException {
        return new ParquetTableReader(partsOf(fileOrFolder));
    }

    /** Whether the path names a Parquet table by its name: a .parquet file, or a folder holding .parquet files. */
    public static boolean looksLikeParquet(Path p) {
        if (p.getFileName() != null
                && p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".parquet")) {
            return true;
        }
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.anyMatch(ParquetTableReader::isPart);
        } catch (IOException e) {
            return false;
        }
    }

    /** The part files of a table: the path itself, or the folder's {@code *.parquet} files in name order. */
    static List<Path> partsOf(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            if (!Files.isRegularFile(p)) {
                throw new IOException(p + ": no such file");
            }
            return List.of(p);
        }
        List<Path> parts;
        try (Stream<Path> s = Files.list(p)) {
            parts = s.filter(ParquetTableReader::isPart).sorted().toList();
        }
        if (parts.isEmpty()) {
            throw new IOException(p + ": a folder with no .parquet file");
        }
        return parts;
    }

    private static boolean isPart(Path f) {
        String n = f.getFileName().toString();
        return n.toLowerCase(java.util.Locale.ROOT).endsWith(".parquet")
                && !n.startsWith(".")
                && Files.isRegularFile(f);
    }

    /** The column names, in the table's order. */
    public List<String> columns() {
        return List.copyOf(names);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = read();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public TableRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        TableRow r = next;
        next = null;
        return r;
    }

    private TableRow read() throws IOException {
        while (leftInGroup == 0) {
            if (!nextGroup()) {
                return null;
            }
        }
        Path current = parts.get(part);
        Object[] values;
        try {
            values = records.read();
        } catch (RuntimeException e) { // parquet-java reports a damaged page as a ParquetDecodingException
            throw new IOException(current.getFileName() + ": " + message(e), e);
        }
        leftInGroup--;
        return new TableRow(names, index, values, ++number);
    }

    /** Moves to the next row group, opening the next part file when this one is done; false at the end. */
    private boolean nextGroup() throws IOException {
        PageReadStore pages = null;
        while (pages == null) {
            if (file == null) {
                if (++part >= parts.size()) {
                    return false;
                }
                openPart(parts.get(part));
            }
            try {
                pages = file.readNextRowGroup();
            } catch (RuntimeException e) {
                throw new IOException(parts.get(part).getFileName() + ": " + message(e), e);
            }
            if (pages == null) {
                file.close();
                file = null;
            }
        }
        records = new ColumnIOFactory().getColumnIO(requested, fileSchema).getRecordReader(pages, materializer);
        leftInGroup = pages.getRowCount();
        return true;
    }

    private void openPart(Path p) throws IOException {
        file = openFile(p);
        fileSchema = file.getFooter().getFileMetaData().getSchema();
        List<Type> fields = new ArrayList<>();
        List<Integer> target = new ArrayList<>();
        for (Type t : fileSchema.getFields()) {
            Integer i = index.get(t.getName());
            if (i != null && readable(t)) {
                fields.add(t);
                target.add(i);
            }
        }
        requested = new MessageType(fileSchema.getName(), fields);
        file.setRequestedSchema(requested);
        materializer = new Materializer(requested, target, names.size());
    }

    private static ParquetFileReader openFile(Path p) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(PureJavaCodecs.INSTANCE)
                .build();
        try {
            return ParquetFileReader.open(new LocalInputFile(p), options);
        } catch (RuntimeException e) { // "is not a Parquet file", a footer that does not parse
            String m = message(e);
            throw new IOException(
                    p.getFileName() + ": " + (m.contains("is not a Parquet file") ? "not a Parquet file" : m), e);
        } catch (IOException e) {
            throw new IOException(p.getFileName() + ": " + message(e), e);
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replace(System.lineSeparator(), " ");
    }

    private static boolean readable(Type t) {
        return t.isPrimitive() && !t.isRepetition(Type.Repetition.REPEATED);
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // a reader only: nothing was left unwritten
            }
            file = null;
        }
    }

    /** Turns the records of the requested columns into Object[] rows in the table's column order. */
    private static final class Materializer extends RecordMaterializer<Object[]> {
        private final int width;
        private final Root root;
        private Object[] values;

        Materializer(MessageType requested, List<Integer> target, int width) {
            this.width = width;
            this.root = new Root(requested, target);
        }

        @Override
        public Object[] getCurrentRecord() {
            return values;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }

        private final class Root extends GroupConverter {
            private final Converter[] converters;

            Root(MessageType requested, List<Integer> target) {
                converters = new Converter[requested.getFieldCount()];
                for (int i = 0; i < converters.length; i++) {
                    converters[i] = new Value(requested.getType(i).asPrimitiveType(), target.get(i));
                }
            }

            @Override
            public Converter getConverter(int fieldIndex) {
                return converters[fieldIndex];
            }

            @Override
            public void start() {
                values = new Object[width];
            }

            @Override
            public void end() {}
        }

        /** One column's values, as the Java type its physical and logical types call for. */
        private final class Value extends PrimitiveConverter {
            private final int at;
            private final LogicalTypeAnnotation logical;
            private final PrimitiveType.PrimitiveTypeName physical;

            Value(PrimitiveType type, int at) {
                this.at = at;
                this.logical = type.getLogicalTypeAnnotation();
                this.physical = type.getPrimitiveTypeName();
            }

            @Override
            public void addBinary(Binary value) {
                if (physical == PrimitiveType.PrimitiveTypeName.INT96) {
                    values[at] = int96(value);
                } else if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    values[at] = new BigDecimal(new BigInteger(value.getBytes()), d.getScale());
                } else {
                    values[at] = value.toStringUsingUTF8();
                }
            }

            @Override
            public void addBoolean(boolean value) {
                values[at] = value;
            }

            @Override
            public void addDouble(double value) {
                values[at] = value;
            }

            @Override
            public void addFloat(float value) {
                values[at] = Double.parseDouble(Float.toString(value)); // 0.1f as 0.1, not 0.10000000149011612
            }

            @Override
            public void addInt(int value) {
                if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    values[at] = LocalDate.ofEpochDay(value);
                } else if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    values[at] = BigDecimal.valueOf(value, d.getScale());
                } else {
                    values[at] = (long) value;
                }
            }

            @Override
            public void addLong(long value) {
                if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t) {
                    values[at] = switch (t.getUnit()) {
                        case MILLIS -> Instant.ofEpochMilli(value);
                        case MICROS ->
                            Instant.ofEpochSecond(
                                    Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000L);
                        case NANOS ->
                            Instant.ofEpochSecond(
                                    Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
                    };
                } else if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    values[at] = BigDecimal.valueOf(value, d.getScale());
                } else {
                    values[at] = value;
                }
            }
        }

        /** Impala's and old Spark's timestamps: nanoseconds of the day, then the Julian day, little-endian. */
        private static Instant int96(Binary value) {
            ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long nanos = b.getLong();
            long day = b.getInt() & 0xffffffffL;
            return Instant.ofEpochSecond((day - JULIAN_EPOCH_DAY) * 86_400L).plusNanos(nanos);
        }
    }
}
