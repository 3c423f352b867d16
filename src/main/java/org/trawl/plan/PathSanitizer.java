package org.trawl.plan;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.trawl.cli.TrawlException;

/**
 * Turns labels, subset names and file stems from remote data into single, portable path segments:
 * nothing a source says can reach outside OUT or produce a name Windows or macOS refuse.
 */
public final class PathSanitizer {
    private static final int MAX_CHARS = 120;
    private static final Set<String> WINDOWS_RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
            "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7",
            "LPT8", "LPT9");

    private PathSanitizer() {
    }

    /** One path segment: separators, control and reserved characters become '_'; never "." or "..". */
    public static String segment(String raw) {
        if (raw == null) {
            return "_";
        }
        int n = Math.min(raw.length(), MAX_CHARS);
        // copied only from the first character that must change: most labels and names need none, and this
        // runs for every item of every planning pass
        StringBuilder sb = null;
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (unsafe(c)) {
                if (sb == null) {
                    sb = new StringBuilder(n).append(raw, 0, i);
                }
                sb.append('_');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        String s = (sb != null ? sb.toString() : n == raw.length() ? raw : raw.substring(0, n)).strip();
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '.') { // Windows drops trailing dots, which would merge two labels
            end--;
        }
        if (end == 0) {
            return "_";
        }
        s = s.substring(0, end);
        if (s.charAt(0) == '.') { // no hidden files, no "..", no clash with .trawl
            s = "_" + s;
        }
        int dot = s.indexOf('.');
        int stem = dot < 0 ? s.length() : dot;
        if ((stem == 3 || stem == 4) && WINDOWS_RESERVED.contains(s.substring(0, stem).toUpperCase(Locale.ROOT))) {
            s = "_" + s;
        }
        return s;
    }

    private static boolean unsafe(char c) {
        return switch (c) {
            case '/', '\\', ':', '*', '?', '"', '<', '>', '|', 0x7f -> true;
            default -> c < 0x20;
        };
    }

    /** Resolves rel under out and proves the result stays inside out (defence in depth). */
    public static Path inside(Path out, String rel) {
        Path base = out.toAbsolutePath().normalize();
        Path p = base.resolve(rel).normalize();
        if (!p.startsWith(base) || p.equals(base)) {
            throw TrawlException.usage("refusing to write outside the output folder: " + rel);
        }
        return p;
    }
}
