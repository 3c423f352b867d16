package org.trawl.plan.emit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.table.ParquetSupport;
import org.trawl.table.ParquetTableWriter;
import org.trawl.table.TableColumn;

/**
 * Where --emit-plan writes and in which format, chosen by the file's extension: .csv, .jsonl, .parquet, or "-" for JSON
 * Lines on stdout. The one place a format is chosen. A file is written aside and renamed into place, so a reader never sees half a plan.
 */
public final class EmitTarget {
    /** The formats this build writes. */
    public enum Format {
        CSV,
        JSONL,
        PARQUET
    }

    private final String spec;
    private final Path file;
    private final Format format;

    private EmitTarget(String spec, Path file, Format format) {
        this.spec = spec;
        this.file = file;
        this.format = format;
    }

    /** Reads --emit-plan's value; an extension this build cannot write is a usage error. */
    public static EmitTarget parse(String spec) {
        if (spec.equals("-")) {
            return new EmitTarget(spec, null, Format.JSONL);
        }
        String n = spec.toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return new EmitTarget(spec, Path.of(spec), Format.CSV);
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return new EmitTarget(spec, Path.of(spec), Format.JSONL);
        }
        if (n.endsWith(".parquet")) {
            ParquetSupport.require("--emit-plan " + spec);
            return new EmitTarget(spec, Path.of(spec), Format.PARQUET);
        }
        throw TrawlException.usage(
                "'" + spec + "' is not a .csv, .jsonl or .parquet file, nor - (JSON Lines on stdout)");
    }

    /** Whether the plan goes to stdout (the run's own report then goes to stderr). */
    public boolean toStdout() {
        return file == null;
    }

    public Format format() {
        return format;
    }

    /** Where the plan went, for the user: the file, or "stdout". */
    public String describe() {
        return file == null ? "stdout" : file.toString();
    }

    /** Writes the rows under these columns: into the file (aside, then renamed), or to stdout. */
    public long write(List<PlanColumn> columns, Iterator<Object[]> rows, PrintStream stdout) {
        try {
            if (file == null) {
                Writer w =
                        new BufferedWriter(new OutputStreamWriter(nonClosing(stdout), StandardCharsets.UTF_8), 1 << 16);
                long n = writeAll(w, columns, rows);
                w.flush();
                return n;
            }
            Path target = file.toAbsolutePath();
            Files.createDirectories(target.getParent());
            // beside the target (a rename within one file system), named by this process, with the umask's
            // permissions (a temporary file's would be owner-only)
            Path tmp = target.resolveSibling(
                    "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                long n;
                if (format == Format.PARQUET) {
                    n = writeParquet(tmp, columns, rows);
                } else {
                    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                        n = writeAll(w, columns, rows);
                    }
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return n;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new TrawlException(ExitCode.FATAL, "cannot write the plan to " + spec + ": " + e.getMessage(), e);
        }
    }

    private long writeAll(Writer w, List<PlanColumn> columns, Iterator<Object[]> rows) throws IOException {
        long n = 0;
        try (PlanTableWriter t = open(w, columns)) {
            while (rows.hasNext()) {
                t.row(rows.next());
                n++;
            }
        }
        return n;
    }

    /** The text formats' dispatch (Parquet is binary and written by {@link #writeParquet}). */
    private PlanTableWriter open(Writer w, List<PlanColumn> columns) throws IOException {
        return switch (format) {
            case CSV -> new CsvPlanWriter(w, columns);
            case JSONL, PARQUET -> new JsonlPlanWriter(w, columns);
        };
    }

    /** A Parquet plan: the same columns, the shard as a 64-bit integer, everything else text. */
    private static long writeParquet(Path tmp, List<PlanColumn> columns, Iterator<Object[]> rows) throws IOException {
        List<TableColumn> typed = columns.stream()
                .map(c -> c.type() == PlanColumn.Type.INT ? TableColumn.int64(c.name()) : TableColumn.string(c.name()))
                .toList();
        try (ParquetTableWriter w = ParquetTableWriter.create(tmp, typed)) {
            while (rows.hasNext()) {
                w.write(rows.next());
            }
            return w.rows();
        }
    }

    /** stdout stays open after the plan: the run may still print to it. */
    private static OutputStream nonClosing(PrintStream stdout) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                stdout.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                stdout.write(b, off, len);
            }

            @Override
            public void flush() {
                stdout.flush();
            }
        };
    }
}
