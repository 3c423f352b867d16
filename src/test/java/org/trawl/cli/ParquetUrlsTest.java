package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.table.ParquetTableReader;
import org.trawl.table.ParquetTableWriter;
import org.trawl.table.PyArrow;
import org.trawl.table.TableColumn;
import org.trawl.table.TableRow;
import org.trawl.testing.FaultServer;
import org.trawl.testing.TestImages;

/** `trawl urls LIST.parquet`: a Parquet list, one file or a folder of parts, read as its CSV export would be. */
@QuarkusMainTest
class ParquetUrlsTest {
    FaultServer server;

    @TempDir
    Path tmp;

    Path out;

    @BeforeEach
    void start() {
        server = FaultServer.start();
        out = tmp.resolve("out");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String[] args(Object... a) {
        return Stream.of(a).map(String::valueOf).toArray(String[]::new);
    }

    static final List<TableColumn> COLUMNS = List.of(
            TableColumn.string("image"),
            TableColumn.string("species"),
            TableColumn.string("stem"),
            TableColumn.int64("count"),
            TableColumn.float64("lat"));

    @Test
    void aParquetListWithItsOwnColumnNamesLandsLikeACsvList(QuarkusMainLauncher launcher) throws Exception {
        byte[] a = TestImages.jpeg(37, 23, 1), b = TestImages.png(40, 30, 2);
        server.image("/a.jpg", a, "image/jpeg").image("/b", b, "image/png");
        Path l = tmp.resolve("l.parquet");
        try (ParquetTableWriter w = ParquetTableWriter.create(l, COLUMNS)) {
            w.write(server.url("/a.jpg"), "Quercus robur", "oak1", 3L, 51.5);
            w.write(server.url("/b"), "Pinus sylvestris", "pine1", null, null);
        }

        LaunchResult r = launcher.launch(
                args("urls", l, "--url-col", "image", "--label-col", "species", "--name-col", "stem", "-o", out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(Files.readAllBytes(out.resolve("Quercus robur/oak1.jpg"))).isEqualTo(a);
        assertThat(Files.readAllBytes(out.resolve("Pinus sylvestris/pine1.png")))
                .isEqualTo(b);
        List<String> meta = Files.readAllLines(out.resolve("metadata.csv"), StandardCharsets.UTF_8);
        assertThat(meta.get(0)).endsWith(",file_name,count,lat");
        assertThat(meta.get(1)).startsWith("Pinus sylvestris/pine1.png,").endsWith(",,");
        assertThat(meta.get(2)).startsWith("Quercus robur/oak1.jpg,").endsWith(",3,51.5");
    }

    @Test
    void aFolderOfPartFilesIsOneList(QuarkusMainLauncher launcher) throws Exception {
        server.image("/a.jpg", TestImages.jpeg(10, 10, 1), "image/jpeg")
                .image("/b.jpg", TestImages.jpeg(11, 11, 2), "image/jpeg");
        Path folder = Files.createDirectories(tmp.resolve("list"));
        List<TableColumn> cols = List.of(TableColumn.string("url"), TableColumn.string("label"));
        try (ParquetTableWriter w = ParquetTableWriter.create(folder.resolve("part-00000.parquet"), cols)) {
            w.write(server.url("/a.jpg"), "x");
        }
        try (ParquetTableWriter w = ParquetTableWriter.create(folder.resolve("part-00001.parquet"), cols)) {
            w.write(server.url("/b.jpg"), "y");
        }

        LaunchResult r = launcher.launch(args("urls", folder, "-o", out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(out.resolve("x")).isDirectory();
        assertThat(out.resolve("y")).isDirectory();
        assertThat(Files.readAllLines(out.resolve("metadata.csv"))).hasSize(3);
    }

    @Test
    void aMissingUrlColumnIsOneLineNamingTheColumns(QuarkusMainLauncher launcher) throws Exception {
        Path l = tmp.resolve("l.parquet");
        try (ParquetTableWriter w = ParquetTableWriter.create(l, COLUMNS)) {
            w.write(server.url("/a.jpg"), "Quercus robur", "oak1", 3L, 51.5);
        }

        LaunchResult r = launcher.launch(args("urls", l, "-o", out));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput())
                .contains(
                        "l.parquet: no 'url' column (columns: image, species, stem, count, lat); choose one with --url-col")
                .doesNotContain("Exception", "\tat ");
        assertThat(server.connections()).isZero();
    }

    @Test
    void aFileThatIsNotParquetIsOneLine(QuarkusMainLauncher launcher) throws Exception {
        Path l = Files.writeString(tmp.resolve("l.parquet"), "url\nhttps://example.org/a.jpg\n");

        LaunchResult r = launcher.launch(args("urls", l, "-o", out));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("l.parquet").doesNotContain("Exception", "\tat ");
        assertThat(r.getErrorOutput().lines().filter(line -> line.contains("parquet")))
                .containsExactly("trawl: cannot read the list " + l + ": l.parquet: not a Parquet file");
    }

    @Test
    void aBadUrlNamesItsRow(QuarkusMainLauncher launcher) throws Exception {
        Path l = tmp.resolve("l.parquet");
        try (ParquetTableWriter w =
                ParquetTableWriter.create(l, List.of(TableColumn.string("url"), TableColumn.string("label")))) {
            w.write(server.url("/a.jpg"), "x");
            w.write("ftp://example.org/b.jpg", "x");
        }

        LaunchResult r = launcher.launch(args("urls", l, "-o", out));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("l.parquet:2: not an http(s) URL: 'ftp://example.org/b.jpg'");
    }

    @Test
    void tablesParquetWritesTypedTablesWithTheCsvRows(QuarkusMainLauncher launcher) throws Exception {
        byte[] a = TestImages.jpeg(37, 23, 1);
        server.image("/a.jpg", a, "image/jpeg").status("/gone.jpg", 404, "no");
        Path l = tmp.resolve("l.parquet");
        List<TableColumn> cols = List.of(
                TableColumn.string("url"),
                TableColumn.string("label"),
                TableColumn.int64("gbifID"),
                TableColumn.float64("lat"),
                TableColumn.string("code"),
                TableColumn.timestamp("seen"));
        try (ParquetTableWriter w = ParquetTableWriter.create(l, cols)) {
            w.write(server.url("/a.jpg"), "oak", 4011L, 51.25, "007", java.time.Instant.parse("2024-05-06T07:08:09Z"));
            w.write(server.url("/gone.jpg"), "oak", 4012L, null, "12", null);
        }

        LaunchResult r = launcher.launch(args("urls", l, "--tables", "csv,parquet", "-o", out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(3); // one item failed
        assertThat(out.resolve("metadata.csv")).exists();
        List<TableRow> meta = readAll(out.resolve("metadata.parquet"));
        assertThat(meta).hasSize(1);
        TableRow row = meta.get(0);
        assertThat(row.get("path")).isEqualTo("oak/" + UrlsCommandTest.sha1(server.url("/a.jpg")) + ".jpg");
        assertThat(row.get("bytes")).isEqualTo((long) a.length);
        assertThat(row.get("width")).isEqualTo(37L);
        assertThat(row.get("duration_s")).isNull();
        assertThat(row.get("gbifID")).isEqualTo(4011L);
        assertThat(row.get("lat")).isEqualTo(51.25);
        assertThat(row.get("code")).as("an id with a leading zero stays text").isEqualTo("007");
        assertThat(row.get("seen")).isEqualTo(java.time.Instant.parse("2024-05-06T07:08:09Z"));
        List<TableRow> failures = readAll(out.resolve("failures.parquet"));
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("url")).isEqualTo(server.url("/gone.jpg"));
        assertThat(failures.get(0).get("attempts")).isEqualTo(1L);

        PyArrow.assumePresent();
        PyArrow.Result py = PyArrow.run("""
                import sys, pyarrow.parquet as pq
                for name in ('metadata', 'failures'):
                    t = pq.read_table(sys.argv[1] + '/' + name + '.parquet')
                    print(name, t.num_rows, ' '.join(f.name + ':' + str(f.type) for f in t.schema))
                """, out.toString());
        assertThat(py.exit()).as(py.out()).isZero();
        assertThat(py.out())
                .contains("metadata 1 path:string url:string")
                .contains("bytes:int64 width:int64 height:int64")
                .contains("duration_s:double sample_rate:int64 channels:int64")
                .contains("gbifID:int64 lat:double code:string seen:timestamp[us, tz=UTC]")
                .contains("failures 1 url:string path:string reason:string attempts:int64");
    }

    @Test
    void withoutTablesParquetNoParquetIsWritten(QuarkusMainLauncher launcher) throws Exception {
        server.image("/a.jpg", TestImages.jpeg(10, 10, 1), "image/jpeg");
        Path l = tmp.resolve("l.parquet");
        try (ParquetTableWriter w =
                ParquetTableWriter.create(l, List.of(TableColumn.string("url"), TableColumn.string("label")))) {
            w.write(server.url("/a.jpg"), "x");
        }

        LaunchResult r = launcher.launch(args("urls", l, "-o", out));
        LaunchResult bad = launcher.launch(args("urls", l, "--tables", "xlsx", "-o", out));

        assertThat(r.exitCode()).isZero();
        assertThat(out.resolve("metadata.parquet")).doesNotExist();
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput()).contains("--tables takes csv and parquet, not 'xlsx'");
    }

    static List<TableRow> readAll(Path p) throws java.io.IOException {
        List<TableRow> rows = new java.util.ArrayList<>();
        try (ParquetTableReader r = ParquetTableReader.open(p)) {
            r.forEachRemaining(rows::add);
        }
        return rows;
    }
}
