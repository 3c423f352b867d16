package org.trawl.source.iiif;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When --full-resolution tiles an image, and the grid it asks for. */
class TileGridTest {
    static ImageService s(
            int version, int level, int w, int h, int maxW, int maxH, long maxArea, ImageService.Tiles t) {
        return new ImageService(
                "https://i.example/x", version, level, w, h, maxW, maxH, maxArea, List.of(), Set.of(), true, t);
    }

    @Test
    void nothingCappedOrNoTilesMeansOneRequest() {
        assertThat(TileGrid.of(s(2, 1, 2000, 1000, -1, -1, -1, new ImageService.Tiles(512, 512)), -1))
                .isNull();
        assertThat(TileGrid.of(s(2, 1, 2000, 1000, 1000, 1000, -1, null), -1)).isNull();
        // capped at 1000 but only 800 wanted: the server gives that in one request
        assertThat(TileGrid.of(s(2, 1, 2000, 1000, 1000, 1000, -1, new ImageService.Tiles(512, 512)), 800))
                .isNull();
    }

    @Test
    void tilesAreShrunkToTheCapsOfALevelOneServerButALevelZeroOneOverItsCapsIsNotTiled() {
        TileGrid g = TileGrid.of(s(3, 1, 2000, 1000, 300, 300, -1, new ImageService.Tiles(512, 512)), -1);
        assertThat(g.tileWidth()).isEqualTo(300);
        assertThat(g.widths()).containsExactly(300, 300, 300, 300, 300, 300, 200);
        assertThat(g.heights()).containsExactly(300, 300, 300, 100);
        assertThat(g.url(3, 6)).isEqualTo("https://i.example/x/1800,900,200,100/200,100/0/default.jpg");
        assertThat(TileGrid.of(s(2, 0, 2000, 1000, 300, 300, -1, new ImageService.Tiles(512, 512)), -1))
                .isNull();
    }

    @Test
    void imageApiOneOneAsksForNativeQuality() {
        TileGrid g = TileGrid.of(s(1, 1, 1000, 600, 500, 500, -1, new ImageService.Tiles(256, 256)), -1);
        assertThat(g.url(0, 0)).isEqualTo("https://i.example/x/0,0,256,256/256,/0/native.jpg");
    }

    @Test
    void theTilesAtScaleFactorOneAreRead() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(ImageService.tilesOf(json.readTree("{\"tiles\":[{\"width\":512,\"scaleFactors\":[2,4]},"
                        + "{\"width\":256,\"scaleFactors\":[1,2]}]}")))
                .isEqualTo(new ImageService.Tiles(256, 256));
        assertThat(ImageService.tilesOf(json.readTree("{\"tiles\":[{\"width\":512,\"scaleFactors\":[2,4]}]}")))
                .isNull();
        assertThat(ImageService.tilesOf(
                        json.readTree("{\"tile_width\":256,\"tile_height\":128,\"scale_factors\":[1,2]}")))
                .isEqualTo(new ImageService.Tiles(256, 128));
    }
}
