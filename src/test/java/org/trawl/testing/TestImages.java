package org.trawl.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small, real, decodable test images; same (w, h, seed) gives the same bytes, different seeds give different images. */
public final class TestImages {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private TestImages() {}

    public static byte[] jpeg(int w, int h, long seed) {
        return encode(render(w, h, seed), "jpg");
    }

    public static byte[] png(int w, int h, long seed) {
        return encode(render(w, h, seed), "png");
    }

    /**
     * A JPEG whose Huffman tables are made for it (libjpeg's "optimize"): they hold only the codes it uses, so
     * garbage scan data soon meets a code that is in none of them. The standard tables hold nearly every code,
     * and garbage decodes to garbage pixels without an error.
     */
    public static byte[] jpegWithOwnTables(int w, int h, long seed) {
        javax.imageio.ImageWriter writer =
                ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.plugins.jpeg.JPEGImageWriteParam param = new javax.imageio.plugins.jpeg.JPEGImageWriteParam(null);
        param.setOptimizeHuffmanTables(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.MemoryCacheImageOutputStream o =
                new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
            writer.setOutput(o);
            writer.write(null, new javax.imageio.IIOImage(render(w, h, seed), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A seeded gradient background with a few coloured rectangles. */
    static BufferedImage render(int w, int h, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int base = rnd.nextInt(0x1000000);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = ((base >> 16) + x * 255 / Math.max(1, w)) & 0xFF;
                int g = ((base >> 8) + y * 255 / Math.max(1, h)) & 0xFF;
                img.setRGB(x, y, (r << 16) | (g << 8) | (base & 0xFF));
            }
        }
        Graphics2D g = img.createGraphics();
        try {
            for (int i = 0; i < 4; i++) {
                g.setColor(new Color(rnd.nextInt(0x1000000)));
                g.fillRect(
                        rnd.nextInt(Math.max(1, w)),
                        rnd.nextInt(Math.max(1, h)),
                        1 + rnd.nextInt(Math.max(1, w / 2)),
                        1 + rnd.nextInt(Math.max(1, h / 2)));
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no ImageIO writer for " + format);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
