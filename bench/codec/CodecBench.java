import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;
import org.trawl.image.ImageFormat;
import org.trawl.image.codec.MaxSizeTransform;

/**
 * Decode + downscale + encode of one JPEG, trawl's pure-Java codec vs ImageIO, in this JVM.
 * Usage: java -cp target/classes bench/codec/CodecBench.java make W H OUT_PREFIX
 *        java -cp target/classes bench/codec/CodecBench.java (trawl|imageio) FILE MAXSIZE RUNS
 * Prints: median ms, and the peak heap used (sum of the heap pools' peaks) over the runs.
 */
public class CodecBench {
    public static void main(String[] a) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (a[0].equals("make")) {
            make(Integer.parseInt(a[1]), Integer.parseInt(a[2]), a[3]);
            return;
        }
        Path src = Path.of(a[1]);
        int max = Integer.parseInt(a[2]);
        int runs = Integer.parseInt(a[3]);
        long[] ms = new long[runs];
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        long base = heapUsed();
        for (int i = 0; i < runs; i++) {
            Path work = Files.createTempFile("bench", ".jpg");
            Files.copy(src, work, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            long t0 = System.nanoTime();
            if (a[0].equals("trawl")) {
                var r = new MaxSizeTransform(max).apply(work, ImageFormat.JPEG);
                if (!r.changed()) { // e.g. refused for lack of heap: not a completed run
                    System.err.println("not resized: " + r.note());
                    System.exit(1);
                }
            } else {
                imageio(work, max);
            }
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            Files.delete(work);
        }
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        java.util.Arrays.sort(ms);
        System.out.printf("%s %s max=%d runs=%d median_ms=%d min_ms=%d first_ms_sorted_max=%d peak_heap_mb=%.1f baseline_heap_mb=%.1f%n",
                a[0], src.getFileName(), max, runs, ms[runs / 2], ms[0], ms[runs - 1], peak / 1048576.0, base / 1048576.0);
    }

    static long heapUsed() {
        long u = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                u += p.getUsage().getUsed();
            }
        }
        return u;
    }

    /** ImageIO's usual way: read, drawImage with bilinear scaling, write JPEG q0.9. */
    static void imageio(Path f, int max) throws Exception {
        BufferedImage img = ImageIO.read(f.toFile());
        double s = (double) max / Math.max(img.getWidth(), img.getHeight());
        int w = (int) Math.round(img.getWidth() * s);
        int h = (int) Math.round(img.getHeight() * s);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        write(out, f.toFile(), false);
    }

    static void write(BufferedImage img, File f, boolean progressive) throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.9f);
        if (progressive) {
            p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        f.delete();
        try (FileImageOutputStream o = new FileImageOutputStream(f)) {
            w.setOutput(o);
            w.write(null, new IIOImage(img, null, null), p);
        }
        w.dispose();
    }

    /** A photo-like test picture: gradients, noise, shapes; baseline and progressive JPEG q0.9. */
    static void make(int w, int h, String prefix) throws Exception {
        Random rnd = new Random(1);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (128 + 100 * Math.sin(x / 300.0)) + rnd.nextInt(17) - 8;
                int g = (int) (128 + 100 * Math.cos(y / 200.0 + x / 900.0)) + rnd.nextInt(17) - 8;
                int b = (int) (255.0 * x * y / w / h) + rnd.nextInt(17) - 8;
                img.setRGB(x, y, c(r) << 16 | c(g) << 8 | c(b));
            }
        }
        Graphics2D gr = img.createGraphics();
        for (int i = 0; i < 200; i++) {
            gr.setColor(new Color(rnd.nextInt(0x1000000)));
            gr.fillOval(rnd.nextInt(w), rnd.nextInt(h), 20 + rnd.nextInt(w / 8), 20 + rnd.nextInt(h / 8));
        }
        gr.dispose();
        write(img, new File(prefix + "-baseline.jpg"), false);
        write(img, new File(prefix + "-progressive.jpg"), true);
    }

    static int c(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
