package org.trawl.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows a run's progress on stderr: a live bar redrawn in place on a terminal; a plain line every
 * few seconds in a pipe or CI log (where carriage returns make unreadable logs); nothing with -q.
 */
public final class ProgressDisplay implements AutoCloseable {
    public enum Mode {
        BAR,
        LINES,
        QUIET
    }

    private final RunStats stats;
    private final PrintStream err;
    private final Mode mode;
    private final Thread ticker;
    private volatile boolean running = true;
    private int lastWidth;

    public ProgressDisplay(RunStats stats, PrintStream err, Mode mode) {
        this.stats = stats;
        this.err = err;
        this.mode = mode;
        this.ticker = new Thread(this::loop, "trawl-progress");
        ticker.setDaemon(true);
        if (mode != Mode.QUIET) {
            ticker.start();
        }
    }

    /** A terminal gets the bar; anything else (pipe, file, CI) gets lines. */
    public static Mode detect(boolean quiet) {
        if (quiet) {
            return Mode.QUIET;
        }
        boolean tty = System.console() != null && System.getenv("CI") == null && !"dumb".equals(System.getenv("TERM"));
        return tty ? Mode.BAR : Mode.LINES;
    }

    private void loop() {
        long interval = mode == Mode.BAR ? 200 : 5000;
        while (running) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                draw();
            }
        }
    }

    private synchronized void draw() {
        String line = render(stats, mode == Mode.BAR ? 28 : 0);
        if (mode == Mode.BAR) {
            String pad = line.length() < lastWidth ? " ".repeat(lastWidth - line.length()) : "";
            lastWidth = line.length();
            err.print("\r" + line + pad);
        } else {
            err.println(line);
        }
        err.flush();
    }

    static String render(RunStats s, int barWidth) {
        long done = s.fetched.sum(), skipped = s.skipped.sum(), failed = s.failed.sum();
        long finished = done + skipped + failed;
        long total = s.planned.get();
        double secs = Math.max(s.elapsedSeconds(), 0.001);
        double rate = s.bytes.sum() / secs;
        double itemsRate = done / secs;
        StringBuilder sb = new StringBuilder();
        if (total > 0 && barWidth > 0) {
            int fill = (int) Math.min(barWidth, barWidth * finished / total);
            sb.append('[')
                    .append("#".repeat(fill))
                    .append(".".repeat(barWidth - fill))
                    .append("] ");
        }
        sb.append(finished);
        if (total >= 0) {
            sb.append('/').append(total);
        }
        sb.append(" items, ")
                .append(human(s.bytes.sum()))
                .append(", ")
                .append(human((long) rate))
                .append("/s");
        if (failed > 0) {
            sb.append(", ").append(failed).append(" failed");
        }
        if (skipped > 0) {
            sb.append(", ").append(skipped).append(" skipped");
        }
        if (total > 0 && itemsRate > 0 && finished < total) {
            long eta = (long) ((total - finished) / Math.max(itemsRate, 0.01));
            sb.append(", ETA ").append(String.format(Locale.ROOT, "%d:%02d", eta / 60, eta % 60));
        }
        String waiting = s.waitingFor();
        if (waiting != null) {
            sb.append(", waiting: ").append(waiting);
        }
        return sb.toString();
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] u = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int i = -1;
        do {
            v /= 1024;
            i++;
        } while (v >= 1024 && i < u.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
        if (mode == Mode.BAR) {
            synchronized (this) {
                draw();
                err.println();
            }
        }
    }
}
