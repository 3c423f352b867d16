package org.trawl.image.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiles of any kind (JPEG, PNG, gray, alpha) joined into one JPEG equal to the image they were cut from. */
class TileStitcherTest {
    @TempDir
    Path tmp;

    @Test
    void aGridOfMixedTilesWithShortEdgeTilesMakesTheWholeImage() throws IOException {
        BufferedImage src = CodecImages.photo(300, 170, 3);
        int[] widths = {128, 128, 44};
        int[] heights = {128, 42};
        List<List<Path>> grid = new ArrayList<>();
        for (int r = 0, y = 0; r < heights.length; y += heights[r], r++) {
            List<Path> row = new ArrayList<>();
            for (int c = 0, x = 0; c < widths.length; x += widths[c], c++) {
                Raster t = EncoderTest.raster(src.getSubimage(x, y, widths[c], heights[r]), (r + c) % 2 == 0 ? 3 : 4);
                Path f = tmp.resolve("r" + r + "_c" + c);
                try (OutputStream os = Files.newOutputStream(f)) {
                    if (c == 1) {
                        new PngEncoder().encode(t, os); // RGBA PNG, fully opaque
                    } else {
                        new JpegEncoder(95).encode(t, null, os);
                    }
                }
                row.add(f);
            }
            grid.add(row);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new TileStitcher(90).stitch(grid, widths, heights, out);

        BufferedImage got = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(got.getWidth()).isEqualTo(300);
        assertThat(got.getHeight()).isEqualTo(170);
        long sum = 0;
        for (int y = 0; y < 170; y++) {
            for (int x = 0; x < 300; x++) {
                int p = src.getRGB(x, y), q = got.getRGB(x, y);
                sum += Math.abs((p >> 16 & 0xFF) - (q >> 16 & 0xFF))
                        + Math.abs((p >> 8 & 0xFF) - (q >> 8 & 0xFF))
                        + Math.abs((p & 0xFF) - (q & 0xFF));
            }
        }
        assertThat(sum / (3.0 * 300 * 170)).isLessThan(4.0);
    }

    @Test
    void aTileOfTheWrongSizeIsNamed() throws IOException {
        Path f = tmp.resolve("t.jpg");
        try (OutputStream os = Files.newOutputStream(f)) {
            new JpegEncoder(90).encode(EncoderTest.raster(CodecImages.photo(64, 64, 1), 3), null, os);
        }
        List<List<Path>> grid = List.of(List.of(f, f));
        assertThatThrownBy(() -> new TileStitcher(90)
                        .stitch(grid, new int[] {64, 50}, new int[] {64}, OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(TileStitcher.TileException.class, e -> {
                    assertThat(e.row()).isZero();
                    assertThat(e.column()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("64x64, expected 50x64");
                });
    }
}
