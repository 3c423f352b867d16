package org.trawl.image.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trawl.image.ImageFormat;
import org.trawl.image.ImageTransform;

/**
 * CMYK and YCCK JPEGs against Pillow's decode (fixtures from codec/make-cmyk-fixtures.py), and real
 * photos with a damaged EXIF segment, which libjpeg decodes and so must we.
 */
class JpegCmykAndDamageTest {
    @TempDir
    Path tmp;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = JpegCmykAndDamageTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmyk", "ycck"})
    void adobeCmykAndYcckDecodeToPillowsRgb(String kind) throws IOException {
        byte[] jpg = resource("/codec/" + kind + ".jpg");
        var ref = CodecImages.read(resource("/codec/" + kind + ".pillow.png"));

        Raster r = JpegDecoderTest.decode(jpg);

        assertThat(r.channels()).isEqualTo(3);
        assertThat(r.width()).isEqualTo(120);
        assertThat(r.height()).isEqualTo(88);
        // libjpeg's IDCT and fancy upsampling differ from ours by a level or two
        assertThat(CodecImages.psnr(r, ref)).as("PSNR vs Pillow").isGreaterThan(38);
    }

    @Test
    void aCmykJpegIsResizedToAnRgbJpeg() throws IOException {
        Path p = tmp.resolve("c.jpg");
        Files.write(p, resource("/codec/cmyk.jpg"));

        ImageTransform.Result res = new MaxSizeTransform(60).apply(p, ImageFormat.JPEG);

        assertThat(res.changed()).as(String.valueOf(res.note())).isTrue();
        Raster out = JpegDecoderTest.decode(Files.readAllBytes(p));
        assertThat(out.channels()).isEqualTo(3);
        assertThat(out.width()).isEqualTo(60);
        assertThat(out.height()).isEqualTo(44);
        var ref = CodecImages.read(resource("/codec/cmyk.pillow.png"));
        var small = new java.awt.image.BufferedImage(60, 44, java.awt.image.BufferedImage.TYPE_INT_RGB);
        small.getGraphics().drawImage(ref.getScaledInstance(60, 44, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        assertThat(CodecImages.psnr(out, small)).isGreaterThan(30);
    }

    /** A real photo with an EXIF segment (orientation 6) right after SOI, then {@code damage} applied to it. */
    static byte[] photoWithExif() throws IOException {
        return MaxSizeTransformTest.withExif(resource("/demo/images/sebastes-1.jpg"), 6, true);
    }

    static byte[] setApp1Length(byte[] jpg, int len) {
        byte[] b = jpg.clone();
        assertThat(b[2] & 0xFF).isEqualTo(0xFF);
        assertThat(b[3] & 0xFF).isEqualTo(0xE1);
        b[4] = (byte) (len >> 8);
        b[5] = (byte) len;
        return b;
    }

    @ParameterizedTest(name = "APP1 length {0}")
    @ValueSource(ints = {0, 1, 2, 8, 12})
    void anExifSegmentWithAWrongLengthIsSkippedAndTheImageDecodes(int len) throws IOException {
        Raster clean = JpegDecoderTest.decode(resource("/demo/images/sebastes-1.jpg"));
        // the APP1 says it is shorter than it is: the rest of the EXIF block is garbage before the next marker
        byte[] damaged = setApp1Length(photoWithExif(), len);

        JpegDecoder d = new JpegDecoder(new java.io.ByteArrayInputStream(damaged));
        assertThat(d.readHeader().orientation())
                .as("the cut EXIF block has no orientation")
                .isEqualTo(1);
        Raster.Collector c = new Raster.Collector();
        d.decode(c);

        assertThat(c.raster().pixels()).isEqualTo(clean.pixels());
    }

    @Test
    void aMalformedExifBlockCostsOnlyItsOrientation() throws IOException {
        byte[] jpg = photoWithExif();
        // IFD offset pointing far outside the block, as a broken writer leaves it
        jpg[6 + 6 + 4] = (byte) 0xF0;
        jpg[6 + 6 + 7] = (byte) 0x7F;
        Raster clean = JpegDecoderTest.decode(resource("/demo/images/sebastes-1.jpg"));

        JpegDecoder d = new JpegDecoder(new java.io.ByteArrayInputStream(jpg));
        assertThat(d.readHeader().orientation()).isEqualTo(1);
        Raster.Collector c = new Raster.Collector();
        d.decode(c);
        assertThat(c.raster().pixels()).isEqualTo(clean.pixels());
    }

    @Test
    void garbageBetweenSegmentsIsSkippedToTheNextMarker() throws IOException {
        byte[] photo = resource("/demo/images/sebastes-1.jpg");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(photo, 0, 2);
        o.writeBytes(new byte[] {0x12, 0x34, (byte) 0xFF, 0x00, 0x56, (byte) 0xFF, (byte) 0xFF, 0x01, 0x07});
        o.write(photo, 2, photo.length - 2);

        assertThat(JpegDecoderTest.decode(o.toByteArray()).pixels())
                .isEqualTo(JpegDecoderTest.decode(photo).pixels());
    }

    @Test
    void anExifSegmentRunningPastTheEndIsRefusedAsTruncated() throws IOException {
        byte[] head = java.util.Arrays.copyOf(setApp1Length(photoWithExif(), 0xFFF0), 400);

        assertThatThrownBy(() -> JpegDecoderTest.decode(head))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void resynchronisingIntoAnEmbeddedThumbnailIsRefusedNotDecodedAsThePicture() throws IOException {
        byte[] photo = resource("/demo/images/sebastes-1.jpg");
        byte[] thumb = resource("/demo/images/aurelia-aurita-1.jpg");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(photo, 0, 2);
        // an APP1 whose length stops short of the thumbnail it holds
        o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, 0, 8, 'E', 'x', 'i', 'f', 0, 0});
        o.writeBytes(thumb);
        o.write(photo, 2, photo.length - 2);

        assertThatThrownBy(() -> JpegDecoderTest.decode(o.toByteArray()))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("second start-of-image");
    }
}
