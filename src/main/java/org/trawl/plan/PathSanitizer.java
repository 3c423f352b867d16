package org.trawl.plan;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.trawl.core.TrawlException;
import org.trawl.internal.Redaction;

/**
 * Turns labels, subset names and file stems from remote data into single, portable path segments:
 * nothing a source says can reach outside OUT, shadow trawl's own files, or produce a name Linux,
 * Windows or macOS refuse. The one place where a string from a list or a service becomes a file name.
 */
public final class PathSanitizer {
    /**
     * A segment's longest UTF-8 form. File systems take 255 bytes a name; the file made from a stem also
     * gets a collision suffix ({@link Planner#RENAME_SUFFIX_LENGTH}) and the longest of its extensions and
     * temporary suffixes (".heic.part.json", "." + name + ".tmp"), so this leaves room for both.
     */
    static final int MAX_BYTES = 200;
    /**
     * A segment's most UTF-16 units, as trawl has always cut names: a dataset made by an earlier version keeps its
     * keys (a longer cut would rename, and fetch again, every item whose name is over 120 characters). A character
     * that would cross the cut is left out whole.
     */
    static final int MAX_CHARS = 120;

    private static final Set<String> WINDOWS_RESERVED = Set.of(
            "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
            "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");
    /**
     * What trawl itself writes at the top of OUT (tables, exports, the source tools' files): a label or
     * subset folder of that name would stop the run from writing them.
     */
    private static final String[] OWN_NAMES = {
        "metadata.csv",
        "failures.csv",
        "duplicates.csv",
        "filtered.csv",
        "folds.csv",
        "boxes.csv",
        "coco",
        "voc",
        "yolo",
        "tfrecord",
        "webdataset",
        "image_map.json",
        "downloaded_images.txt",
        "README.md",
        "CITATION.cff",
        "ATTRIBUTION.csv",
        "report.html",
        ".trawl"
    };

    private static final int KEEP = 0, REPLACE = 1, DROP = 2;
    /** The encoding the JVM gives file names, fixed from the locale at start-up (-Dsun.jnu.encoding is ignored). */
    private static final Charset NAME_ENCODING = nameEncoding();

    private PathSanitizer() {}

    /**
     * One path segment: separators, control and reserved characters become '_', bidirectional controls
     * are removed, at most {@link #MAX_CHARS} characters and {@link #MAX_BYTES} of UTF-8, cut at a character
     * boundary; never "." or "..".
     */
    public static String segment(String raw) {
        if (raw == null) {
            return "_";
        }
        return portable(characters(raw).strip());
    }

    /**
     * The characters of a segment: control, separator and reserved characters as '_', bidirectional
     * controls left out, cut to {@link #MAX_CHARS} characters and {@link #MAX_BYTES} of UTF-8.
     */
    private static String characters(String raw) {
        int len = raw.length();
        // copied only from the first character that must change: most labels and names need none, and this
        // runs for every item of every planning pass
        StringBuilder sb = null;
        int bytes = 0;
        int i = 0;
        while (i < len) {
            char c = raw.charAt(i);
            int units = 1, width, action;
            if (c < 0x80) {
                width = 1;
                action = unsafe(c) ? REPLACE : KEEP;
            } else if (c < 0x800) {
                width = 2;
                action = c < 0xa0 ? REPLACE : KEEP; // C1 controls
            } else if (Character.isSurrogate(c)) {
                width = 4;
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(raw.charAt(i + 1))) {
                    units = 2;
                    action = KEEP;
                } else {
                    action = REPLACE; // half a character has no UTF-8 form
                }
            } else {
                width = 3;
                action = bidiControl(c) ? DROP : KEEP; // they make a name display as another
            }
            int out = action == KEEP ? width : action == REPLACE ? 1 : 0;
            if (bytes + out > MAX_BYTES || i + units > MAX_CHARS) {
                break;
            }
            bytes += out;
            if (action != KEEP && sb == null) {
                sb = new StringBuilder(len).append(raw, 0, i);
            }
            if (sb != null) {
                if (action == KEEP) {
                    sb.append(raw, i, i + units);
                } else if (action == REPLACE) {
                    sb.append('_');
                }
            }
            i += units;
        }
        return sb != null ? sb.toString() : i == len ? raw : raw.substring(0, i);
    }

    /** A name every file system takes as itself: no trailing dots, not hidden, not a Windows device. */
    private static String portable(String s) {
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
        if ((stem == 3 || stem == 4)
                && WINDOWS_RESERVED.contains(s.substring(0, stem).toUpperCase(Locale.ROOT))) {
            s = "_" + s;
        }
        return s;
    }

    /**
     * A sanitised segment that will be the first under OUT (a subset or label folder, a top-level stem):
     * escaped with '_' when it is one of trawl's own names, whatever its case (case-insensitive file systems).
     */
    public static String topSegment(String segment) {
        int n = segment.length();
        if (n < 3 || n > 21) { // the lengths of OWN_NAMES: most labels are rejected here
            return segment;
        }
        for (String own : OWN_NAMES) {
            if (own.length() == n && own.equalsIgnoreCase(segment)) {
                return "_" + segment;
            }
        }
        return segment;
    }

    private static boolean unsafe(char c) {
        return switch (c) {
            case '/', '\\', ':', '*', '?', '"', '<', '>', '|', 0x7f -> true;
            default -> c < 0x20;
        };
    }

    /** U+200E/F (marks), U+202A–202E (embeddings, overrides), U+2066–2069 (isolates). */
    private static boolean bidiControl(char c) {
        return c == 0x200e || c == 0x200f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
    }

    /**
     * Why {@code rel} cannot be a file name here, or null when it can. The JVM encodes file names in the
     * locale's encoding (sun.jnu.encoding); under LC_ALL=C or POSIX that is ASCII, and a label like "Ñandú"
     * has no file name at all: that item fails with this reason, the others go on.
     */
    public static String unwritable(String rel) {
        if (NAME_ENCODING.equals(StandardCharsets.UTF_8)
                || isAscii(rel)
                || NAME_ENCODING.newEncoder().canEncode(rel)) {
            return null;
        }
        return "the name " + Redaction.quoted(rel) + " cannot be a file name in this locale's encoding ("
                + NAME_ENCODING.name() + "): run trawl with a UTF-8 locale, e.g. LC_ALL=C.UTF-8";
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static Charset nameEncoding() {
        try {
            String jnu = System.getProperty("sun.jnu.encoding");
            return jnu == null ? StandardCharsets.UTF_8 : Charset.forName(jnu);
        } catch (IllegalArgumentException e) { // an encoding this runtime lacks: the JVM then falls back to UTF-8
            return StandardCharsets.UTF_8;
        }
    }

    /** Resolves rel under out and proves the result stays inside out (defence in depth). */
    public static Path inside(Path out, String rel) {
        Path base = out.toAbsolutePath().normalize();
        Path p = base.resolve(rel).normalize();
        if (!p.startsWith(base) || p.equals(base)) {
            throw TrawlException.usage("refusing to write outside the output folder: " + Redaction.quoted(rel));
        }
        return p;
    }
}
