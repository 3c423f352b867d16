package org.trawl.source.gbif.dwca;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Licence names as GBIF's search API spells them (CC0_1_0, CC_BY_4_0, CC_BY_NC_4_0, ...), from any of
 * the forms archives use: Creative Commons URLs (with or without /legalcode), "CC BY-NC 4.0", "CC-BY",
 * or the codes themselves. Anything else is kept as written, upper-cased.
 */
public final class Licenses {
    private static final Pattern CC_URL = Pattern.compile("creativecommons\\.org/licenses/([a-z-]+)/(\\d+(?:\\.\\d+)?)");
    private static final Pattern CC0_URL = Pattern.compile("creativecommons\\.org/publicdomain/zero/(\\d+(?:\\.\\d+)?)");
    private static final Pattern CC_TEXT = Pattern.compile("^cc[ _-]*((?:by|nc|sa|nd)(?:[ _-]+(?:by|nc|sa|nd))*)(?:[ _-]+(\\d+(?:[._]\\d+)?))?$");
    private static final Pattern CC0_TEXT = Pattern.compile("^cc[ _-]*0(?:[ _-]+(\\d+(?:[._]\\d+)?))?$");

    private Licenses() {
    }

    /** The GBIF code of a licence, or the value upper-cased when it is not a known form; "" for none. */
    public static String code(String licence) {
        if (licence == null || licence.isBlank()) {
            return "";
        }
        String s = licence.trim().toLowerCase(Locale.ROOT);
        Matcher m = CC0_URL.matcher(s);
        if (m.find()) {
            return "CC0_" + version(m.group(1));
        }
        if (s.contains("creativecommons.org/publicdomain/mark")) {
            return "PDM_1_0";
        }
        m = CC_URL.matcher(s);
        if (m.find()) {
            return "CC_" + m.group(1).toUpperCase(Locale.ROOT).replace('-', '_') + "_" + version(m.group(2));
        }
        m = CC0_TEXT.matcher(s);
        if (m.matches()) {
            return m.group(1) == null ? "CC0" : "CC0_" + version(m.group(1));
        }
        m = CC_TEXT.matcher(s);
        if (m.matches()) {
            String parts = m.group(1).toUpperCase(Locale.ROOT).replaceAll("[ _-]+", "_");
            return "CC_" + parts + (m.group(2) == null ? "" : "_" + version(m.group(2)));
        }
        return licence.trim().toUpperCase(Locale.ROOT);
    }

    private static String version(String v) {
        String x = v.replace('.', '_');
        return x.contains("_") ? x : x + "_0";
    }

    /** A --license filter: codes or URLs, comma-separated; a code without a version matches every version. */
    public static final class Filter {
        private final List<String> wanted = new ArrayList<>();

        public Filter(String spec) {
            for (String p : spec.split(",")) {
                if (!p.isBlank()) {
                    wanted.add(code(p));
                }
            }
        }

        public boolean accepts(String licence) {
            String c = code(licence);
            if (c.isEmpty()) {
                return false;
            }
            for (String w : wanted) {
                if (c.equals(w) || (c.startsWith(w + "_") && c.substring(w.length() + 1).matches("\\d+_\\d+"))) {
                    return true;
                }
            }
            return false;
        }
    }
}
