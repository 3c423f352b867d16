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
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), MAX_CHARS));
        for (int i = 0; i < raw.length() && sb.length() < MAX_CHARS; i++) {
            char c = raw.charAt(i);
            boolean bad = c < 0x20 || c == 0x7f || "/\\:*?\"<>|".indexOf(c) >= 0;
            sb.append(bad ? '_' : c);
        }
        String s = sb.toString().strip();
        while (s.endsWith(".")) { // Windows drops trailing dots, which would merge two labels
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            return "_";
        }
        if (s.startsWith(".")) { // no hidden files, no "..", no clash with .trawl
            s = "_" + s;
        }
        String stem = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
        if (WINDOWS_RESERVED.contains(stem.toUpperCase(Locale.ROOT))) {
            s = "_" + s;
        }
        return s;
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
