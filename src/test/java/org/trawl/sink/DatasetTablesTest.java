package org.trawl.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.Shard;

/** metadata.csv's extra columns are every field of the rows it holds, in first-seen order, however the rows vary. */
class DatasetTablesTest {
    private static final String CORE = String.join(",", DatasetTables.METADATA_COLUMNS);

    @TempDir
    Path out;

    private static ItemRecord done(String key, String... fieldPairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldPairs.length; i += 2) {
            fields.put(fieldPairs[i], fieldPairs[i + 1]);
        }
        return new ItemRecord(
                key,
                ItemRecord.DONE,
                "http://h/" + key,
                key + ".jpg",
                "L",
                null,
                "urls",
                null,
                null,
                null,
                "ab",
                10L,
                1,
                2,
                "image/jpeg",
                null,
                1,
                fields.isEmpty() ? null : fields,
                1L);
    }

    private void write(Shard shard, ItemRecord... records) {
        try (CheckpointStore s = CheckpointStore.open(StateLayout.storeDir(out, shard), false)) {
            for (ItemRecord r : records) {
                s.append(r).join();
            }
        }
    }

    private List<String> metadata() throws Exception {
        return Files.readAllLines(out.resolve("metadata.csv"));
    }

    @Test
    void rowsWithTheSameFieldsGetThemAsColumns() throws Exception {
        write(
                Shard.WHOLE,
                done("a", "site", "x", "year", "2001"),
                done("b", "site", "y", "year", "2002"),
                done("c", "year", "2003", "site", "z"),
                done("d").asFailed("http 404"));

        DatasetTables.Counts counts = DatasetTables.rebuild(out);

        assertThat(counts).isEqualTo(new DatasetTables.Counts(3, 1));
        assertThat(metadata())
                .containsExactly(
                        CORE + ",site,year",
                        "a.jpg,http://h/a,L,,urls,,,,ab,10,1,2,image/jpeg,StillImage,,,,a.jpg,x,2001",
                        "b.jpg,http://h/b,L,,urls,,,,ab,10,1,2,image/jpeg,StillImage,,,,b.jpg,y,2002",
                        "c.jpg,http://h/c,L,,urls,,,,ab,10,1,2,image/jpeg,StillImage,,,,c.jpg,z,2003");
        assertThat(Files.readAllLines(out.resolve("failures.csv")))
                .containsExactly("url,path,reason,attempts", "http://h/d,d.jpg,http 404,1");
    }

    @Test
    void soundAndVideoRowsGiveTheirFamilyAndWhatTheirHeaderTold() throws Exception {
        ItemRecord jpeg = done("a", "site", "x");
        ItemRecord wav = withType(
                done("b", "site", "y", "duration_s", "2.000", "sample_rate", "22050", "channels", "1"), "audio/wav");
        ItemRecord mp4 = withType(done("c", "site", "z", "duration_s", "10.000"), "video/mp4");
        write(Shard.WHOLE, jpeg, wav, mp4);

        DatasetTables.rebuild(out);

        assertThat(metadata())
                .containsExactly(
                        CORE + ",site",
                        "a.jpg,http://h/a,L,,urls,,,,ab,10,1,2,image/jpeg,StillImage,,,,a.jpg,x",
                        "b.jpg,http://h/b,L,,urls,,,,ab,10,1,2,audio/wav,Sound,2.000,22050,1,b.jpg,y",
                        "c.jpg,http://h/c,L,,urls,,,,ab,10,1,2,video/mp4,MovingImage,10.000,,,c.jpg,z");
        assertThat(CORE).endsWith(",content_type,media_type,duration_s,sample_rate,channels,file_name");
    }

    private static ItemRecord withType(ItemRecord r, String contentType) {
        return new ItemRecord(
                r.key(),
                r.status(),
                r.url(),
                r.path(),
                r.label(),
                r.subset(),
                r.source(),
                r.sourceId(),
                r.license(),
                r.rightsHolder(),
                r.sha256(),
                r.bytes(),
                r.width(),
                r.height(),
                contentType,
                r.reason(),
                r.attempts(),
                r.fields(),
                r.time());
    }

    @Test
    void aColumnFirstSeenLateStillHeadsTheTableAndEarlierRowsLeaveItEmpty() throws Exception {
        // as with --max-size: only the images it shrank carry their size as served
        write(
                Shard.WHOLE,
                done("a", "site", "x"),
                done("b"),
                done("c", "site", "z", "source_width", "4000"),
                done("d", "note", "n", "license", "ignored: a standard column"),
                done("e").asFailed("http 500"));

        DatasetTables.Counts counts = DatasetTables.rebuild(out);

        assertThat(counts).isEqualTo(new DatasetTables.Counts(4, 1));
        assertThat(metadata())
                .containsExactly(
                        CORE + ",site,source_width,note",
                        "a.jpg,http://h/a,L,,urls,,,,ab,10,1,2,image/jpeg,StillImage,,,,a.jpg,x,,",
                        "b.jpg,http://h/b,L,,urls,,,,ab,10,1,2,image/jpeg,StillImage,,,,b.jpg,,,",
                        "c.jpg,http://h/c,L,,urls,,,,ab,10,1,2,image/jpeg,StillImage,,,,c.jpg,z,4000,",
                        "d.jpg,http://h/d,L,,urls,,,,ab,10,1,2,image/jpeg,StillImage,,,,d.jpg,,,n");
        assertThat(Files.readAllLines(out.resolve("failures.csv"))).hasSize(2);
    }

    @Test
    void noRowsLeaveTheHeaderAlone() throws Exception {
        write(Shard.WHOLE, done("a", "site", "x").asFailed("http 404"));

        assertThat(DatasetTables.rebuild(out)).isEqualTo(new DatasetTables.Counts(0, 1));
        assertThat(metadata()).containsExactly(CORE);
    }

    @Test
    void shardsMergeIntoOneTableWithTheColumnsOfTheirRows() throws Exception {
        write(
                Shard.parse("0/2"),
                done("a", "site", "x"),
                done("gone", "only_here", "1").asFailed("http 404"));
        write(Shard.parse("1/2"), done("b", "site", "y", "depth", "30"), done("gone", "site", "w"));

        assertThat(DatasetTables.rebuild(out)).isEqualTo(new DatasetTables.Counts(3, 0));
        assertThat(metadata()).first().isEqualTo(CORE + ",site,depth");
        assertThat(metadata()).hasSize(4);
    }
}
