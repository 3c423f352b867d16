package org.trawl.card;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A licence as the sources write it (a Creative Commons URL, GBIF's {@code CC_BY_NC_4_0}, an SPDX id, free
 * text) brought to one name, with what it asks of a user: attribution, no commercial use, no derivatives.
 *
 * @param id          SPDX-like name ({@code CC-BY-NC-4.0}, {@code CC0-1.0}), or the source's own text
 * @param hub         the Hugging Face card's licence id ({@code cc-by-nc-4.0}, {@code other}, {@code unknown})
 * @param attribution whether each file's use must credit its rights holder (CC-BY and its variants)
 */
public record Licence(String id, String hub, boolean attribution, boolean nonCommercial, boolean noDerivatives) {
    public static final Licence UNKNOWN = new Licence("unknown", "unknown", false, false, false);

    /** cc-by-nc-sa-4.0, CC_BY_4_0, creativecommons.org/licenses/by-nc/4.0/ once separators are dashes. */
    private static final Pattern CC =
            Pattern.compile("(?:^|-)(?:cc-|licenses-)(by(?:-nc)?(?:-sa|-nd)?)(?:-(\\d)-?(\\d))?");

    private static final Pattern CC0 = Pattern.compile("(?:^|-)(?:cc0|cc-0|publicdomain-zero)");
    private static final Pattern PUBLIC_DOMAIN = Pattern.compile("publicdomain-mark|public-domain|^pdm|^pd$");

    public static Licence of(String raw) {
        if (raw == null || raw.isBlank()) {
            return UNKNOWN;
        }
        String t = raw.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.]+", "-")
                .replace('.', '-');
        if (CC0.matcher(t).find()) {
            return new Licence("CC0-1.0", "cc0-1.0", false, false, false);
        }
        if (PUBLIC_DOMAIN.matcher(t).find()) {
            return new Licence("public domain", "other", false, false, false);
        }
        Matcher m = CC.matcher(t);
        if (m.find()) {
            String kind = m.group(1);
            String version = m.group(2) == null ? "" : "-" + m.group(2) + "." + m.group(3);
            String spdx = "CC-" + kind.toUpperCase(Locale.ROOT) + version;
            return new Licence(spdx, spdx.toLowerCase(Locale.ROOT), true, kind.contains("nc"), kind.contains("nd"));
        }
        return new Licence(raw.strip(), "other", false, false, false);
    }

    /** NC or ND: what a card must say before anything else, since it limits training and redistribution. */
    public boolean restricts() {
        return nonCommercial || noDerivatives;
    }
}
