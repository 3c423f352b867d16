package org.trawl.table;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a Python script with pyarrow; the calling test is skipped, with a message, where either is missing. */
public final class PyArrow {
    private static Boolean present;

    private PyArrow() {}

    /** Skips the test unless python3 with pyarrow is installed (pip install pyarrow). */
    public static void assumePresent() {
        if (present == null) {
            try {
                present = run("import pyarrow").exit == 0;
            } catch (IOException e) {
                present = false;
            }
        }
        assumeTrue(present, "python3 with pyarrow is not installed (python3 -m pip install pyarrow): skipped");
    }

    public record Result(int exit, String out) {}

    /** Runs the script (its arguments after it) and returns its exit code and output, stderr included. */
    public static Result run(String script, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python3 did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
