package org.trawl.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What trawl does when the heap runs out: one line saying how to give it more, and exit code 1 (fatal),
 * not 3 ("some items failed, re-run"), since a re-run would run out the same way.
 *
 * <p>Why not the JVM's own flags: -XX:+ExitOnOutOfMemoryError exits with 3 and says nothing; it also acts
 * where the error is thrown, before any catch, so the codec's own clean refusal of an image too large to
 * decode (a caught OutOfMemoryError, noted in metadata.csv) never ran. -XX:OnOutOfMemoryError runs a shell
 * command and lets the process go on; -XX:+CrashOnOutOfMemoryError aborts with a crash report. The native
 * executable has none of them. So the error is caught where it surfaces: at the top of the command, in
 * the fetch engine's callbacks and worker tasks, in Vert.x's handlers and in any thread it kills, and
 * {@link #exit} halts there. Halting skips the shutdown hooks, which would need the memory that is not
 * there; nothing is lost by it, as after a kill -9: every finished item is already in the journal.
 */
public final class OutOfMemory {
    /** Made at start-up: once the heap is full there may be no room to build it. */
    private static final byte[] LINE = ("trawl: out of memory: the heap is full. Give trawl more, e.g. "
                    + (native_()
                            ? "-Xmx8g as the executable's first argument (trawl -Xmx8g urls ...)"
                            : "TRAWL_JAVA_OPTS=-Xmx8g (the launcher's default is -Xmx2g)")
                    + ", or split the input.\n")
            .getBytes(StandardCharsets.UTF_8);

    private OutOfMemory() {}

    private static boolean native_() {
        return "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"));
    }

    /** Makes any thread killed by an OutOfMemoryError end the process as {@link #exit} does. */
    public static void install() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            exitIf(e);
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                System.err.println("Exception in thread \"" + thread.getName() + "\" " + e);
            }
        });
    }

    /** {@link #exit} when {@code e} or one of its causes is an OutOfMemoryError; else returns. */
    public static void exitIf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                exit();
            }
        }
    }

    /** Writes the line straight to the stderr file descriptor (no buffers to allocate) and halts with 1. */
    public static void exit() {
        try {
            FileOutputStream err = new FileOutputStream(FileDescriptor.err);
            err.write(LINE);
            err.flush();
        } catch (IOException | RuntimeException | Error ignored) {
            // halt anyway
        } finally {
            Runtime.getRuntime().halt(1);
        }
    }
}
