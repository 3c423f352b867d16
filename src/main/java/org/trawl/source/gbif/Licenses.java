package org.trawl.source.gbif;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one licence vocabulary of every GBIF command. A licence is a family (CC0, PD, CC-BY, CC-BY-SA,
 * CC-BY-NC, CC-BY-NC-SA, CC-BY-ND, CC-BY-NC-ND) and, when the value says so, a version (4.0).
 *
 * <p>Two directions, on purpose not equally lenient:
 * <ul>
 * <li>{@link #filter} reads what the user typed for {@code --license}: family names, GBIF's enum codes
 * (CC0_1_0, CC_BY_4_0, CC_BY_NC_4_0) and creativecommons.org licence URLs, case-insensitively. A
 * term it cannot read is a usage error (a typo must not silently filter everything out).</li>
 * <li>{@link #classify} reads a licence value found in data, which is a URL, a code, a name or free
 * text ({@code "henryb68 (cc-by-sa)"}, {@code "All Rights Reserved"}, {@code "unspecified"}): it looks for
 * a licence inside the text, and free text that names none classifies as null, which no filter
 * accepts.</li>
 * </ul>
 * A term with a version (CC_BY_4_0, a URL) matches that version only; a family name matches every
 * version, and a value whose version is unknown (free text) only matches a family name.
 */
public final class Licenses {
    /** The family names, in the order the help and error messages list them. */
    public static final List<String> FAMILIES =
            List.of("CC0", "PD", "CC-BY", "CC-BY-SA", "CC-BY-NC", "CC-BY-NC-SA", "CC-BY-ND", "CC-BY-NC-ND");
    /** What {@code --license} accepts, in one line (help text and error messages). */
    public static final String ACCEPTED = "CC0, PD, CC-BY, CC-BY-SA, CC-BY-NC, CC-BY-NC-SA, CC-BY-ND, CC-BY-NC-ND; "
            + "GBIF codes such as CC0_1_0, CC_BY_4_0, CC_BY_NC_4_0; creativecommons.org licence URLs"; // a constant:
    // help text

    // creativecommons.org/licenses/by-nc/4.0/, .../publicdomain/zero/1.0/legalcode, .../deed.en_US
    private static final Pattern CC_URL = Pattern.compile(
            "(?:https?://)?(?:www\\.)?creativecommons\\.org/(?:licenses/([a-z-]+)|publicdomain/(zero|mark))/(\\d+(?:\\.\\d+)?)");
    // a name or code: cc-by-nc-4.0, CC_BY_NC_4_0, "CC BY-SA 3.0", cc0, CC0_1_0, "cc zero"
    private static final String NAME =
            "cc[\\s_-]*(0|zero|by(?:[\\s_-]*(?:nc|nd|sa))*)(?:[\\s_-]*(\\d+)(?:[._](\\d+))?)?";
    private static final Pattern NAME_EXACT = Pattern.compile(NAME);
    private static final Pattern NAME_IN_TEXT = Pattern.compile("(?<![a-z0-9])" + NAME + "(?![a-z0-9])");
    private static final Pattern PD_EXACT = Pattern.compile("pd|pdm(?:[\\s_-]*1(?:[._]0)?)?|public[\\s_-]*domain");

    private Licenses() {}

    /** A licence family and its version ("4.0"), the version null when the value does not say. */
    public record Licence(String family, String version) {
        @Override
        public String toString() {
            return version == null ? family : family + " " + version;
        }
    }

    /** The licence a value from data names, or null when it names none we know (free text, "unspecified"). */
    public static Licence classify(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip().toLowerCase(Locale.ROOT);
        Licence exact = parseTerm(s);
        if (exact != null) {
            return exact;
        }
        Matcher m = CC_URL.matcher(s);
        if (m.find()) {
            return fromUrl(m);
        }
        m = NAME_IN_TEXT.matcher(s);
        if (m.find()) {
            Licence l = fromName(m);
            if (l != null) {
                return l;
            }
        }
        if (s.contains("public domain")) {
            return new Licence("PD", null);
        }
        return null;
    }

    /**
     * Reads a {@code --license} list ({@code CC0,CC-BY,https://creativecommons.org/licenses/by-nc/4.0/}).
     *
     * @throws IllegalArgumentException naming the term it cannot read and what is accepted
     */
    public static Filter filter(String list) {
        List<Licence> terms = new ArrayList<>();
        // a comma separates terms; none of the accepted spellings contains one
        for (String t : list.split(",")) {
            if (t.isBlank()) {
                continue;
            }
            Licence l = parseTerm(t.strip().toLowerCase(Locale.ROOT));
            if (l == null) {
                throw new IllegalArgumentException("unknown licence '" + t.strip() + "' (accepted: " + ACCEPTED + ")");
            }
            terms.add(l);
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("no licence given (accepted: " + ACCEPTED + ")");
        }
        return new Filter(List.copyOf(terms));
    }

    /** A whole term: a family name, a GBIF code or a licence URL; null otherwise. */
    private static Licence parseTerm(String s) {
        if (PD_EXACT.matcher(s).matches()) {
            return new Licence("PD", s.startsWith("pdm") && s.length() > 3 ? "1.0" : null);
        }
        Matcher m = NAME_EXACT.matcher(s);
        if (m.matches()) {
            return fromName(m);
        }
        m = CC_URL.matcher(s);
        if (m.lookingAt() && s.substring(m.end()).matches("/?(?:legalcode|deed\\.[a-z_-]+|[a-z]{2}/?)?/?")) {
            return fromUrl(m);
        }
        return null;
    }

    private static Licence fromUrl(Matcher m) {
        String version = m.group(3).contains(".") ? m.group(3) : m.group(3) + ".0";
        if (m.group(2) != null) {
            return new Licence(m.group(2).equals("zero") ? "CC0" : "PD", version);
        }
        String family = family(m.group(1).split("-"));
        return family == null ? null : new Licence(family, version);
    }

    private static Licence fromName(Matcher m) {
        String version = m.group(2) == null ? null : m.group(2) + "." + (m.group(3) == null ? "0" : m.group(3));
        String parts = m.group(1);
        if (parts.equals("0") || parts.equals("zero")) {
            return new Licence("CC0", version);
        }
        String family = family(parts.split("[\\s_-]+"));
        return family == null ? null : new Licence(family, version);
    }

    /** by + any of nc, sa, nd, in any order, to the canonical name; null for SA with ND (no such licence). */
    private static String family(String[] parts) {
        boolean by = false, nc = false, sa = false, nd = false;
        for (String p : parts) {
            switch (p) {
                case "by" -> by = true;
                case "nc" -> nc = true;
                case "sa" -> sa = true;
                case "nd" -> nd = true;
                case "" -> {}
                default -> {
                    return null;
                }
            }
        }
        if (!by || (sa && nd)) {
            return null;
        }
        return "CC-BY" + (nc ? "-NC" : "") + (sa ? "-SA" : "") + (nd ? "-ND" : "");
    }

    /** A parsed {@code --license}: which licences, and with which versions, are kept. */
    public static final class Filter {
        private final List<Licence> terms;

        private Filter(List<Licence> terms) {
            this.terms = terms;
        }

        /** Whether a licence value from data is one of the wanted ones; a value naming no licence never is. */
        public boolean accepts(String raw) {
            Licence l = classify(raw);
            if (l == null) {
                return false;
            }
            for (Licence t : terms) {
                if (t.family().equals(l.family())
                        && (t.version() == null || t.version().equals(l.version()))) {
                    return true;
                }
            }
            return false;
        }

        /** The terms in canonical spelling ("CC-BY 4.0", "CC0"), e.g. to fingerprint a cache. */
        public List<String> terms() {
            return terms.stream().map(Licence::toString).toList();
        }

        @Override
        public String toString() {
            return String.join(",", terms());
        }
    }
}
