package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trawl.cli.IiifCommandTest.args;
import static org.trawl.cli.IiifCommandTest.folder;
import static org.trawl.cli.IiifCommandTest.lines;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.IiifTileServer;
import org.trawl.testing.IiifTileServer.Image;

/** --full-resolution: a capped server's image is fetched as tiles by the engine and stitched into the full image. */
@QuarkusMainTest
class IiifTilesTest {
    private static final Pattern TILE =
            Pattern.compile("/iiif/[^/]+/(\\d+),(\\d+),(\\d+),(\\d+)/([^/]+)/0/default\\.jpg");

    IiifTileServer server;

    @TempDir
    Path tmp;

    Path out;

    @BeforeEach
    void start() {
        server = IiifTileServer.start();
        out = tmp.resolve("out");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aCappedV2ImageIsStitchedFromTilesAtFullSizeAndMatchesTheSource(QuarkusMainLauncher launcher) throws Exception {
        BufferedImage source = IiifTileServer.picture(1100, 700, 7); // 256-px tiles: 5x3, the last column 76 wide
        String info = server.image("nls", new Image(2, source, 256, 256, 400, -1, -1));

        LaunchResult r = launcher.launch(args("iiif", info, out, "--full-resolution", "--retries", 0));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        Path page = out.resolve(folder(info.replace("/info.json", "")) + "/0000.jpg");
        BufferedImage got = ImageIO.read(page.toFile());
        assertThat(new int[] {got.getWidth(), got.getHeight()}).containsExactly(1100, 700);
        assertThat(meanAbsDiff(source, got)).isLessThan(4.0);
        List<String> tiles = server.imageRequests();
        assertThat(tiles).hasSize(15).allMatch(t -> TILE.matcher(t).matches(), "regions at full resolution");
        assertThat(tiles).contains("/iiif/nls/1024,512,76,188/76,/0/default.jpg"); // the corner tile: 2.x size "w,"
        List<String> md = lines(out.resolve("metadata.csv"));
        assertThat(md).hasSize(2);
        assertThat(column(md, "width")).isEqualTo("1100");
        assertThat(column(md, "height")).isEqualTo("700");
        assertThat(column(md, "stitched_tiles")).isEqualTo("15");
        assertThat(column(md, "path")).isEqualTo(out.relativize(page).toString());
        assertThat(lines(out.resolve("downloaded_images.txt")))
                .containsExactly(out.relativize(page).toString());
        assertThat(lines(out.resolve("failures.csv"))).hasSize(1);
        assertThat(out.resolve(".trawl/tiles")).doesNotExist(); // the tiles are gone once the page is in place
        assertThat(r.getErrorOutput()).contains("1 image(s) stitched from their tiles");

        // a re-run fetches nothing: the page is done, its tiles are not wanted again
        server.clearRequests();
        LaunchResult again = launcher.launch(args("iiif", info, out, "--full-resolution"));
        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        assertThat(server.imageRequests()).isEmpty();
        assertThat(ImageIO.read(page.toFile()).getWidth()).isEqualTo(1100);

        // status and verify speak of the page, not of its deleted tiles
        LaunchResult verify = launcher.launch(args("verify", out));
        assertThat(verify.exitCode()).as(verify.getOutput()).isZero();
        assertThat(verify.getOutput()).contains("1 files verified, 0 missing or corrupt");
        LaunchResult status = launcher.launch(args("status", out));
        assertThat(status.getOutput()).contains("1 done");
    }

    @Test
    void withoutTheFlagACappedImageIsTheServersCappedSizeInOneRequest(QuarkusMainLauncher launcher) throws Exception {
        String info = server.image("nls", new Image(2, IiifTileServer.picture(1100, 700, 7), 256, 256, 400, -1, -1));

        LaunchResult r = launcher.launch(args("iiif", info, out));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(server.imageRequests()).containsExactly("/iiif/nls/full/max/0/default.jpg");
        BufferedImage got = ImageIO.read(out.resolve(folder(info.replace("/info.json", "")) + "/0000.jpg")
                .toFile());
        assertThat(new int[] {got.getWidth(), got.getHeight()}).containsExactly(400, 254);
    }

    @Test
    void aV3ServerCappedByAreaGetsTilesShrunkToFitTheCapWithEdgeTiles(QuarkusMainLauncher launcher) throws Exception {
        // 512-px tiles are over maxArea 200000: tiles of 447x447, so 1300x900 is 3x3 with short edge tiles
        BufferedImage source = IiifTileServer.picture(1300, 900, 11);
        String info = server.image("gottingen", new Image(3, source, 512, 512, -1, -1, 200_000));

        LaunchResult r = launcher.launch(args("iiif", info, out, "--full-resolution"));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        BufferedImage got = ImageIO.read(out.resolve(folder(info.replace("/info.json", "")) + "/0000.jpg")
                .toFile());
        assertThat(new int[] {got.getWidth(), got.getHeight()}).containsExactly(1300, 900);
        assertThat(meanAbsDiff(source, got)).isLessThan(4.0);
        List<String> tiles = server.imageRequests();
        assertThat(tiles).hasSize(9).contains("/iiif/gottingen/894,894,406,6/406,6/0/default.jpg"); // 3.0: "w,h"
        for (String t : tiles) {
            Matcher m = TILE.matcher(t);
            assertThat(m.matches()).as(t).isTrue();
            assertThat((long) Integer.parseInt(m.group(3)) * Integer.parseInt(m.group(4)))
                    .as(t)
                    .isLessThanOrEqualTo(200_000);
        }
    }

    @Test
    void aTileThatKeepsFailingFailsOnlyItsPageAndTheNextRunFetchesOnlyThatTile(QuarkusMainLauncher launcher)
            throws Exception {
        BufferedImage a = IiifTileServer.picture(600, 500, 1);
        BufferedImage b = IiifTileServer.picture(700, 300, 2);
        String infoA = server.image("a", new Image(2, a, 256, 256, 300, -1, -1));
        String infoB = server.image("b", new Image(3, b, 256, 256, 300, -1, -1));
        String broken = "/iiif/a/256,256,256,244/256,/0/default.jpg";
        server.breakPath(broken);
        Path list = tmp.resolve("images.txt");
        Files.writeString(list, infoA + "\n" + infoB + "\n");

        LaunchResult r = launcher.launch(args("iiif", list, out, "--full-resolution", "--retries", 0));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(3);
        Path pageA = out.resolve(folder(infoA.replace("/info.json", "")) + "/0000.jpg");
        Path pageB = out.resolve(folder(infoB.replace("/info.json", "")) + "/0000.jpg");
        assertThat(pageA).doesNotExist();
        assertThat(ImageIO.read(pageB.toFile()).getWidth()).isEqualTo(700);
        List<String> failures = lines(out.resolve("failures.csv"));
        assertThat(failures).hasSize(2);
        assertThat(failures.get(1))
                .contains("tile r1_c1")
                .contains("256,256,256,244")
                .contains("failed: http 500")
                .contains(out.relativize(pageA).toString().replace(".jpg", ""));
        assertThat(lines(out.resolve("metadata.csv"))).hasSize(2);
        assertThat(lines(out.resolve("downloaded_images.txt")))
                .containsExactly(out.relativize(pageB).toString());
        assertThat(r.getErrorOutput()).contains("1 could not be");

        server.heal();
        server.clearRequests();
        LaunchResult again = launcher.launch(args("iiif", list, out, "--full-resolution"));

        assertThat(again.exitCode()).as(again.getErrorOutput()).isZero();
        assertThat(server.imageRequests()).containsExactly(broken); // only the missing tile
        BufferedImage got = ImageIO.read(pageA.toFile());
        assertThat(new int[] {got.getWidth(), got.getHeight()}).containsExactly(600, 500);
        assertThat(meanAbsDiff(a, got)).isLessThan(4.0);
        assertThat(lines(out.resolve("failures.csv"))).hasSize(1);
        assertThat(lines(out.resolve("metadata.csv"))).hasSize(3);
        assertThat(lines(out.resolve("downloaded_images.txt")))
                .containsExactly(
                        out.relativize(pageA).toString(), out.relativize(pageB).toString());
        assertThat(out.resolve(".trawl/tiles")).doesNotExist();
    }

    @Test
    void aWidthAboveTheCapIsStitchedThenDownscaledAndOneWithinTheCapIsOneRequest(QuarkusMainLauncher launcher)
            throws Exception {
        BufferedImage source = IiifTileServer.picture(1000, 800, 5);
        String info = server.image("w", new Image(2, source, 256, 256, 400, -1, -1));

        LaunchResult r = launcher.launch(args("iiif", info, out, "--full-resolution", "-w", 700));

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(server.imageRequests())
                .hasSize(16)
                .allMatch(t -> TILE.matcher(t).matches());
        Path page = out.resolve(folder(info.replace("/info.json", "")) + "/0000.jpg");
        BufferedImage got = ImageIO.read(page.toFile());
        assertThat(new int[] {got.getWidth(), got.getHeight()}).containsExactly(700, 560);
        List<String> md = lines(out.resolve("metadata.csv"));
        assertThat(column(md, "width")).isEqualTo("700");
        assertThat(column(md, "source_width")).isEqualTo("1000");

        server.clearRequests();
        Path small = tmp.resolve("small");
        LaunchResult within = launcher.launch(args("iiif", info, small, "--full-resolution", "-w", 300));
        assertThat(within.exitCode()).as(within.getErrorOutput()).isZero();
        assertThat(server.imageRequests()).containsExactly("/iiif/w/full/300,/0/default.jpg");

        // --max-size rewrites the stitched image, never its tiles (a shrunk tile could not be stitched)
        Path sized = tmp.resolve("sized");
        LaunchResult maxSize = launcher.launch(args("iiif", info, sized, "--full-resolution", "--max-size", 200));
        assertThat(maxSize.exitCode()).as(maxSize.getErrorOutput()).isZero();
        BufferedImage s = ImageIO.read(sized.resolve(folder(info.replace("/info.json", "")) + "/0000.jpg")
                .toFile());
        assertThat(new int[] {s.getWidth(), s.getHeight()}).containsExactly(200, 160);
    }

    @Test
    void aTileFileLostBeforeTheStitchIsFetchedAgainByTheNextRun(QuarkusMainLauncher launcher) throws Exception {
        BufferedImage a = IiifTileServer.picture(600, 500, 4);
        String info = server.image("lost", new Image(2, a, 256, 256, 300, -1, -1));
        server.breakPath("/iiif/lost/0,0,256,256/256,/0/default.jpg");
        LaunchResult first = launcher.launch(args("iiif", info, out, "--full-resolution", "--retries", 0));
        assertThat(first.exitCode()).isEqualTo(3);
        Path kept = out.resolve(".trawl/tiles/" + folder(info.replace("/info.json", "")) + "/0000/r1_c2.jpg");
        assertThat(kept).exists(); // the other tiles wait for the missing one
        Files.delete(kept);
        server.heal();

        LaunchResult second = launcher.launch(args("iiif", info, out, "--full-resolution"));
        assertThat(second.exitCode()).as(second.getErrorOutput()).isEqualTo(3);
        assertThat(lines(out.resolve("failures.csv")).get(1))
                .contains("tile r1_c2")
                .contains("missing from disk");

        server.clearRequests();
        LaunchResult third = launcher.launch(args("iiif", info, out, "--full-resolution"));
        assertThat(third.exitCode()).as(third.getErrorOutput()).isZero();
        assertThat(server.imageRequests()).containsExactly("/iiif/lost/512,256,88,244/88,/0/default.jpg");
        BufferedImage got = ImageIO.read(out.resolve(folder(info.replace("/info.json", "")) + "/0000.jpg")
                .toFile());
        assertThat(meanAbsDiff(a, got)).isLessThan(4.0);
    }

    @Test
    void shardsEachFetchTheTilesOfTheirOwnPagesAndStitchThem(QuarkusMainLauncher launcher) throws Exception {
        Path list = tmp.resolve("images.txt");
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            urls.append(server.image("s" + i, new Image(2, IiifTileServer.picture(700, 500, i), 256, 256, 300, -1, -1)))
                    .append('\n');
        }
        Files.writeString(list, urls);

        for (int shard = 0; shard < 2; shard++) {
            LaunchResult r = launcher.launch(args("iiif", list, out, "--full-resolution", "--shard", shard + "/2"));
            assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        }

        assertThat(server.imageRequests()).hasSize(4 * 6).doesNotHaveDuplicates(); // each tile once, by one shard
        assertThat(lines(out.resolve("downloaded_images.txt"))).hasSize(4);
        assertThat(lines(out.resolve("metadata.csv"))).hasSize(5);
        assertThat(out.resolve(".trawl/tiles")).doesNotExist();
    }

    /** A metadata.csv value of the first data row, by column name (no quoted commas in these tests). */
    static String column(List<String> csv, String name) {
        List<String> header = List.of(csv.get(0).split(",", -1));
        int i = header.indexOf(name);
        assertThat(i).as("column " + name + " in " + header).isNotNegative();
        return csv.get(1).split(",", -1)[i];
    }

    /** The mean absolute difference per channel between two images of the same size. */
    static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        assertThat(b.getHeight()).isEqualTo(a.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                sum += Math.abs((p >> 16 & 0xFF) - (q >> 16 & 0xFF))
                        + Math.abs((p >> 8 & 0xFF) - (q >> 8 & 0xFF))
                        + Math.abs((p & 0xFF) - (q & 0xFF));
            }
        }
        return (double) sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
