package org.trawl.source.gbif;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * gbif-dl's {@code subset_streams} ({@code {"train": {"speciesKey": [...]}, "test": {"speciesKey": "*"}}}):
 * whole balanced streams go to one subset, so a species (or a dataset, a country...) is never split
 * between train and test. Written {@code train:speciesKey=1,2;test:*}:
 * <ul>
 * <li>rules are separated by {@code ;} and tried in order, the first that matches a stream wins;</li>
 * <li>a rule is {@code SUBSET:CONDITION&CONDITION...}, or {@code SUBSET:*} for every stream left;</li>
 * <li>a condition is {@code KEY=V1,V2} (the stream's value of that --split-streams-by key is one of them)
 * or {@code KEY=*}.</li>
 * </ul>
 * Unlike gbif-dl, whose dict could not say which of two matching subsets wins and silently dropped a
 * stream no subset named, the order decides and an unmatched stream is an error the caller reports.
 */
public final class SubsetStreams {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private record Rule(String subset, Map<String, Set<String>> conditions) {
        boolean matches(Map<String, String> stream) {
            for (Map.Entry<String, Set<String>> c : conditions.entrySet()) {
                if (!c.getValue().contains("*") && !c.getValue().contains(stream.get(c.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            if (conditions.isEmpty()) {
                return subset + ":*";
            }
            List<String> cs = new ArrayList<>();
            conditions.forEach((k, v) -> cs.add(k + "=" + String.join(",", v)));
            return subset + ":" + String.join("&", cs);
        }
    }

    private final List<Rule> rules;

    private SubsetStreams(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * Reads the rules; {@code streamKeys} are the --split-streams-by keys a condition may name.
     *
     * @throws IllegalArgumentException with one line saying what is wrong
     */
    public static SubsetStreams parse(String spec, List<String> streamKeys) {
        List<Rule> rules = new ArrayList<>();
        for (String r : spec.split(";")) {
            if (r.isBlank()) {
                continue;
            }
            int colon = r.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + r.strip() + "' is not SUBSET:KEY=V,... or SUBSET:*");
            }
            String subset = r.substring(0, colon).strip();
            if (!NAME.matcher(subset).matches()) {
                throw new IllegalArgumentException("'" + subset + "' is not a subset name (letters, digits, _ . -)");
            }
            String body = r.substring(colon + 1).strip();
            Map<String, Set<String>> conditions = new LinkedHashMap<>();
            if (!body.equals("*")) {
                for (String c : body.split("&")) {
                    int eq = c.indexOf('=');
                    String key = eq < 0 ? "" : c.substring(0, eq).strip();
                    if (key.isEmpty() || c.substring(eq + 1).isBlank()) {
                        throw new IllegalArgumentException(
                                "'" + c.strip() + "' in rule " + subset + " is not KEY=V,... or KEY=*");
                    }
                    if (!streamKeys.contains(key)) {
                        throw new IllegalArgumentException("rule " + subset + " names " + key + ", which is not a "
                                + "--split-streams-by key"
                                + (streamKeys.isEmpty()
                                        ? " (there is none)"
                                        : " (" + String.join(", ", streamKeys) + ")"));
                    }
                    Set<String> values = new java.util.LinkedHashSet<>();
                    for (String v : c.substring(eq + 1).split(",")) {
                        if (!v.isBlank()) {
                            values.add(v.strip());
                        }
                    }
                    conditions.merge(key, values, (a, b) -> {
                        a.retainAll(b); // KEY=1,2&KEY=2: both must hold
                        return a;
                    });
                }
            }
            rules.add(new Rule(subset, conditions));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no rule given (e.g. train:speciesKey=1,2;test:*)");
        }
        return new SubsetStreams(List.copyOf(rules));
    }

    /** The subset of a stream (its --split-streams-by values), or null when no rule matches it. */
    public String subsetOf(Map<String, String> stream) {
        for (Rule r : rules) {
            if (r.matches(stream)) {
                return r.subset();
            }
        }
        return null;
    }

    /** The rules in one canonical line (the cache fingerprint). */
    @Override
    public String toString() {
        List<String> rs = new ArrayList<>();
        rules.forEach(r -> rs.add(r.toString()));
        return String.join(";", rs);
    }
}
