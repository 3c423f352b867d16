package org.trawl.internal;

/** A remote string put into a one-line message: quoted, control characters visible, cut when long. */
public final class Shown {
    private static final int MAX = 60;

    private Shown() {
    }

    /** {@code 'value'}, with control characters as {@code \\uXXXX} and at most 60 characters of it. */
    public static String brief(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX) + 8).append('\'');
        int n = Math.min(value.length(), MAX);
        if (n < value.length() && Character.isHighSurrogate(value.charAt(n - 1))) {
            n--; // never half a character
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (n < value.length()) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}
