import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.trawl.image.ImageFormat;
import org.trawl.image.OutputFormat;
import org.trawl.image.ResizeMode;
import org.trawl.image.ResizeSpec;
import org.trawl.image.codec.MaxSizeTransform;

/**
 * CPU time (this thread's user+sys) per image of each --resize-mode, on the JPEGs given, in one JVM and
 * one run, modes interleaved so the machine's load hits each alike. Usage: ResizeBench PX ROUNDS file.jpg...
 */
public class ResizeBench {
    public static void main(String[] a) throws Exception {
        int px = Integer.parseInt(a[0]);
        int rounds = Integer.parseInt(a[1]);
        List<Path> files = new ArrayList<>();
        for (int i = 2; i < a.length; i++) {
            files.add(Path.of(a[i]));
        }
        String[] names = {"longest", "shortest", "center-crop", "pad", "none+png", "longest 444", "longest png"};
        ResizeSpec[] specs = {
            new ResizeSpec(ResizeMode.LONGEST, px, 0, OutputFormat.KEEP, 90, false),
            new ResizeSpec(ResizeMode.SHORTEST, px, 0, OutputFormat.KEEP, 90, false),
            new ResizeSpec(ResizeMode.CENTER_CROP, px, 0, OutputFormat.KEEP, 90, false),
            new ResizeSpec(ResizeMode.PAD, px, 0, OutputFormat.KEEP, 90, false),
            new ResizeSpec(ResizeMode.NONE, 0, 0, OutputFormat.PNG, 90, false),
            new ResizeSpec(ResizeMode.LONGEST, px, 0, OutputFormat.KEEP, 90, true),
            new ResizeSpec(ResizeMode.LONGEST, px, 0, OutputFormat.PNG, 90, false),
        };
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[specs.length];
        int[] n = new int[specs.length];
        Path work = Files.createTempFile("resize-bench", ".jpg");
        for (int r = 0; r < rounds; r++) {
            for (Path f : files) {
                for (int m = 0; m < specs.length; m++) {
                    Files.copy(f, work, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    long t0 = mx.getCurrentThreadCpuTime();
                    if (!new MaxSizeTransform(specs[m]).apply(work, ImageFormat.JPEG).changed()) {
                        throw new AssertionError(names[m] + " left " + f + " unchanged");
                    }
                    long t = mx.getCurrentThreadCpuTime() - t0;
                    if (r > 0) { // the first round warms the JIT
                        cpu[m] += t;
                        n[m]++;
                    }
                }
            }
        }
        Files.delete(work);
        for (int m = 0; m < specs.length; m++) {
            System.out.printf("%-12s %4d px: %7.1f ms CPU per image (%d runs)%n", names[m], px, cpu[m] / 1e6 / n[m], n[m]);
        }
    }
}
