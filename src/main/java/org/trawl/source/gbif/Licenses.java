package org.trawl.source.gbif;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Media licences come as URLs ({@code http://creativecommons.org/licenses/by-nc/4.0/}), GBIF enum
 * names ({@code CC_BY_4_0}) or free text ({@code "Jane (cc-by-sa)"}): all are reduced to one short
 * name (CC0, PD, CC-BY, CC-BY-NC, CC-BY-SA, CC-BY-NC-SA, CC-BY-ND, CC-BY-NC-ND) so {@code --license}
 * can filter on the image's own licence, not only the occurrence's (GBIF portal-feedback #3831).
 */
public final class Licenses {
    private static final Pattern CC_URL = Pattern.compile("creativecommons\\.org/licenses/([a-z-]+)");
    private static final Pattern CC_TEXT = Pattern.compile("(?<![a-z])cc[\\s_-]*(by(?:[\\s_-]*(?:nc|nd|sa))*)(?![a-z])");

    private Licenses() {
    }

    /** The short name, or null when the text names no licence we know. */
    public static String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.toLowerCase(Locale.ROOT).trim();
        if (s.contains("publicdomain/zero") || s.matches(".*\\bcc[\\s_-]*0\\b.*") || s.contains("cc-zero")
                || s.startsWith("cc0")) {
            return "CC0";
        }
        if (s.contains("publicdomain/mark") || s.contains("public domain")) {
            return "PD";
        }
        Matcher m = CC_URL.matcher(s);
        if (m.find()) {
            return "CC-" + m.group(1).toUpperCase(Locale.ROOT);
        }
        m = CC_TEXT.matcher(s);
        if (m.find()) {
            return "CC-" + m.group(1).toUpperCase(Locale.ROOT).replaceAll("[\\s_-]+", "-");
        }
        return null;
    }

    /** Parses {@code CC0,CC-BY,...} (GBIF's enum spellings work too). */
    public static Set<String> parseFilter(String list) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : list.split(",")) {
            if (t.isBlank()) {
                continue;
            }
            String n = normalise(t);
            if (n == null) {
                throw new IllegalArgumentException("unknown licence '" + t.trim()
                        + "' (use CC0, PD, CC-BY, CC-BY-SA, CC-BY-NC, CC-BY-NC-SA, CC-BY-ND, CC-BY-NC-ND)");
            }
            out.add(n);
        }
        return out;
    }
}
