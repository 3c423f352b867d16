import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.trawl.image.ImageFormat;
import org.trawl.image.codec.MaxSizeTransform;

/**
 * Quality.java MAXSIZE OUTDIR FILE...: trawl's --max-size on each file (re-encoded at quality 95,
 * as the baseline's), written to OUTDIR under its own name, for psnr.py. Run against whichever
 * build's classes are first on the class path (the A/B of quality.sh).
 */
public class Quality {
    public static void main(String[] a) throws Exception {
        int max = Integer.parseInt(a[0]);
        Path out = Path.of(a[1]);
        Files.createDirectories(out);
        MaxSizeTransform t = new MaxSizeTransform(max, 95);
        long cpu0 = System.nanoTime();
        for (int i = 2; i < a.length; i++) {
            Path dst = out.resolve(Path.of(a[i]).getFileName());
            Files.copy(Path.of(a[i]), dst, StandardCopyOption.REPLACE_EXISTING);
            var r = t.apply(dst, ImageFormat.JPEG);
            if (!r.changed()) {
                System.err.println(a[i] + ": " + r.note());
            }
        }
        System.out.printf("%d images in %.1f s%n", a.length - 2, (System.nanoTime() - cpu0) / 1e9);
    }
}
