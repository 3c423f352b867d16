package org.trawl.image.codec;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Reference images made (and read) by the JDK's ImageIO, the yardstick for the pure-Java codec. */
final class CodecImages {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private CodecImages() {}

    /** A photo-like picture: smooth gradients, soft shapes, a little noise. */
    static BufferedImage photo(int w, int h, long seed, int type) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double fx = (double) x / w;
                double fy = (double) y / h;
                int r = (int) (128 + 100 * Math.sin(fx * 6 + seed)) + rnd.nextInt(9) - 4;
                int g = (int) (128 + 100 * Math.cos(fy * 5 + fx * 2)) + rnd.nextInt(9) - 4;
                int b = (int) (255 * fx * fy) + rnd.nextInt(9) - 4;
                int a = type == BufferedImage.TYPE_INT_ARGB ? (int) (255 * (0.3 + 0.7 * fx)) : 255;
                img.setRGB(x, y, clamp(a) << 24 | clamp(r) << 16 | clamp(g) << 8 | clamp(b));
            }
        }
        Graphics2D gr = img.createGraphics();
        gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < 5; i++) {
            gr.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
            gr.fillOval(rnd.nextInt(w), rnd.nextInt(h), 1 + rnd.nextInt(w / 2 + 1), 1 + rnd.nextInt(h / 2 + 1));
        }
        gr.dispose();
        return img;
    }

    static BufferedImage photo(int w, int h, long seed) {
        return photo(w, h, seed, BufferedImage.TYPE_INT_RGB);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /**
     * @param sampling "420", "422" or "444" (ignored for gray)
     * @param restart  restart interval in MCUs, 0 = none
     */
    static byte[] jpeg(BufferedImage img, float quality, boolean progressive, String sampling, int restart)
            throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        if (progressive) {
            p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        IIOMetadata md = w.getDefaultImageMetadata(new ImageTypeSpecifier(img), p);
        String fmt = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode root = (IIOMetadataNode) md.getAsTree(fmt);
        NodeList cs = root.getElementsByTagName("componentSpec");
        for (int i = 0; i < cs.getLength(); i++) {
            IIOMetadataNode c = (IIOMetadataNode) cs.item(i);
            boolean luma = i == 0;
            int hs = luma && !sampling.equals("444") ? 2 : 1;
            int vs = luma && sampling.equals("420") ? 2 : 1;
            if (cs.getLength() == 1) {
                hs = vs = 1;
            }
            c.setAttribute("HsamplingFactor", Integer.toString(hs));
            c.setAttribute("VsamplingFactor", Integer.toString(vs));
        }
        if (restart > 0) {
            IIOMetadataNode seq = (IIOMetadataNode)
                    root.getElementsByTagName("markerSequence").item(0);
            IIOMetadataNode dri = new IIOMetadataNode("dri");
            dri.setAttribute("interval", Integer.toString(restart));
            Node sof = root.getElementsByTagName("sof").item(0);
            seq.insertBefore(dri, sof);
        }
        md.setFromTree(fmt, root);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, md), p);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) {
            throw new IllegalStateException("no writer for " + format);
        }
        return out.toByteArray();
    }

    static BufferedImage read(byte[] b) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(b));
    }

    /** PSNR of a raster against an image over the colour (not alpha) samples, in dB. */
    static double psnr(Raster r, BufferedImage ref) {
        if (r.width() != ref.getWidth() || r.height() != ref.getHeight()) {
            throw new AssertionError(
                    "size " + r.width() + "x" + r.height() + " vs " + ref.getWidth() + "x" + ref.getHeight());
        }
        double se = 0;
        long n = 0;
        boolean gray = r.channels() <= 2;
        for (int y = 0; y < r.height(); y++) {
            for (int x = 0; x < r.width(); x++) {
                int i = (y * r.width() + x) * r.channels();
                int[] px = sample(ref, x, y, gray);
                for (int c = 0; c < (gray ? 1 : 3); c++) {
                    double d = (r.pixels()[i + c] & 0xFF) - px[c];
                    se += d * d;
                    n++;
                }
            }
        }
        double mse = se / n;
        return mse == 0 ? 99 : 10 * Math.log10(255 * 255 / mse);
    }

    private static int[] sample(BufferedImage ref, int x, int y, boolean gray) {
        if (gray && ref.getRaster().getNumBands() <= 2) {
            return new int[] {
                ref.getRaster().getSample(x, y, 0)
                        >> (ref.getRaster().getSampleModel().getSampleSize(0) - 8)
            };
        }
        int rgb = ref.getRGB(x, y);
        if (gray) {
            return new int[] {(rgb >> 16) & 0xFF};
        }
        return new int[] {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
    }

    static Iterator<ImageWriter> writers(String f) {
        return ImageIO.getImageWritersByFormatName(f);
    }
}
