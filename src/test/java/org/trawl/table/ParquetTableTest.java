package org.trawl.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParquetTableTest {
    @TempDir
    Path dir;

    static final List<TableColumn> COLUMNS = List.of(
            TableColumn.string("url"),
            TableColumn.int64("bytes"),
            TableColumn.float64("duration_s"),
            TableColumn.timestamp("fetched"),
            TableColumn.bool("ok"));

    private Path writeSample(Path f) throws IOException {
        try (ParquetTableWriter w = ParquetTableWriter.create(f, COLUMNS)) {
            w.write("https://example.org/ä.jpg", 1234L, 2.5, Instant.parse("2026-12-07T10:00:00.123456Z"), true);
            w.write("https://example.org/b.jpg", null, null, null, false);
            w.write("https://example.org/c.jpg", 7);
        }
        return f;
    }

    @Test
    void whatIsWrittenIsReadBackWithItsTypes() throws IOException {
        Path f = writeSample(dir.resolve("t.parquet"));
        List<TableRow> rows = readAll(f);

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).names()).containsExactly("url", "bytes", "duration_s", "fetched", "ok");
        assertThat(rows.get(0).get("url")).isEqualTo("https://example.org/ä.jpg");
        assertThat(rows.get(0).get("bytes")).isEqualTo(1234L);
        assertThat(rows.get(0).get("duration_s")).isEqualTo(2.5);
        assertThat(rows.get(0).get("fetched")).isEqualTo(Instant.parse("2026-12-07T10:00:00.123456Z"));
        assertThat(rows.get(0).get("ok")).isEqualTo(true);
        assertThat(rows.get(1).get("bytes")).isNull();
        assertThat(rows.get(1).text("fetched")).isNull();
        assertThat(rows.get(2).text("bytes")).isEqualTo("7");
        assertThat(rows.get(2).get("ok")).isNull();
        assertThat(rows.get(2).number()).isEqualTo(3);
    }

    @Test
    void pyarrowReadsTheRealTypes() throws IOException {
        PyArrow.assumePresent();
        Path f = writeSample(dir.resolve("t.parquet"));
        PyArrow.Result r = PyArrow.run("""
                import sys, pyarrow.parquet as pq
                t = pq.read_table(sys.argv[1])
                for f in t.schema: print(f.name, f.type)
                print(t.column('bytes').to_pylist())
                print(t.column('fetched')[0].as_py().isoformat())
                """, f.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out())
                .contains("url string", "bytes int64", "duration_s double", "fetched timestamp[us, tz=UTC]", "ok bool")
                .contains("[1234, None, 7]")
                .contains("2026-12-07T10:00:00.123456+00:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "zstd", "gzip", "lz4", "none"})
    void readsWhatPyarrowWritesWithEachCompression(String codec) throws IOException {
        PyArrow.assumePresent();
        Path f = dir.resolve("py.parquet");
        PyArrow.Result r = PyArrow.run("""
                import sys, datetime, pyarrow as pa, pyarrow.parquet as pq
                n = 5000
                t = pa.table({'url': ['https://h/%d.jpg' % i for i in range(n)],
                              'label': [None if i % 7 == 0 else 'l%d' % (i % 3) for i in range(n)],
                              'n32': pa.array(range(n), pa.int32()),
                              'x': [i / 4 for i in range(n)],
                              'day': [datetime.date(2020, 1, 2)] * n,
                              'at': pa.array([datetime.datetime(2021, 5, 6, 7, 8, 9)] * n, pa.timestamp('ms')),
                              'tags': [['a', 'b']] * n})
                pq.write_table(t, sys.argv[1], compression=sys.argv[2], row_group_size=2000)
                """, f.toString(), codec);
        assertThat(r.exit()).as(r.out()).isZero();

        List<TableRow> rows = readAll(f);

        assertThat(rows).hasSize(5000);
        TableRow last = rows.get(4999);
        assertThat(last.names()).containsExactly("url", "label", "n32", "x", "day", "at"); // the list is left out
        assertThat(last.text("url")).isEqualTo("https://h/4999.jpg");
        assertThat(last.get("n32")).isEqualTo(4999L);
        assertThat(last.get("x")).isEqualTo(4999 / 4.0);
        assertThat(last.text("day")).isEqualTo("2020-01-02");
        assertThat(last.text("at")).isEqualTo("2021-05-06T07:08:09Z");
        assertThat(rows.get(7).get("label")).isNull();
        assertThat(rows.get(8).get("label")).isEqualTo("l2");
    }

    @Test
    void aFolderIsItsPartFilesInNameOrder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("parts"));
        try (ParquetTableWriter w = ParquetTableWriter.create(folder.resolve("part-1.parquet"), COLUMNS)) {
            w.write("https://example.org/2.jpg", 2L);
        }
        try (ParquetTableWriter w = ParquetTableWriter.create(
                folder.resolve("part-0.parquet"), List.of(TableColumn.string("url"), TableColumn.string("extra")))) {
            w.write("https://example.org/1.jpg", "x");
        }
        Files.writeString(folder.resolve("_SUCCESS"), "");

        List<TableRow> rows = readAll(folder);

        assertThat(rows)
                .extracting(r -> r.text("url"))
                .containsExactly("https://example.org/1.jpg", "https://example.org/2.jpg");
        assertThat(rows.get(0).names()).containsExactly("url", "extra"); // the first part's columns
        assertThat(rows.get(1).get("extra")).isNull();
        assertThat(ParquetTableReader.looksLikeParquet(folder)).isTrue();
    }

    @Test
    void aFileThatIsNotParquetIsOneClearError() throws IOException {
        Path f = Files.writeString(dir.resolve("fake.parquet"), "url\nhttps://example.org/a.jpg\n");

        assertThatThrownBy(() -> ParquetTableReader.open(f))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("fake.parquet: ");
    }

    @Test
    void aTruncatedFileIsOneClearError() throws IOException {
        Path f = writeSample(dir.resolve("t.parquet"));
        byte[] all = Files.readAllBytes(f);
        Path cut = Files.write(dir.resolve("cut.parquet"), java.util.Arrays.copyOf(all, all.length / 2));

        assertThatThrownBy(() -> readAll(cut))
                .isInstanceOfAny(IOException.class, UncheckedIOException.class)
                .hasMessageContaining("cut.parquet");
    }

    private static List<TableRow> readAll(Path p) throws IOException {
        List<TableRow> rows = new ArrayList<>();
        try (ParquetTableReader r = ParquetTableReader.open(p)) {
            r.forEachRemaining(rows::add);
        }
        return rows;
    }
}
