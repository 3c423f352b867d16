package org.trawl.source.gbif;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Occurrence-search parameters in the user's order: a key with several values is an OR (GBIF takes
 * the parameter repeated). Immutable; {@link #with} gives a narrower copy.
 */
public final class Query {
    private final Map<String, List<String>> params;

    private Query(Map<String, List<String>> params) {
        this.params = params;
    }

    public static Query empty() {
        return new Query(new LinkedHashMap<>());
    }

    /** Parses KEY=VALUE arguments; a repeated key adds a value. */
    public static Query parse(List<String> args) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + a + "' is not KEY=VALUE");
            }
            m.computeIfAbsent(a.substring(0, eq).trim(), k -> new ArrayList<>())
                    .add(a.substring(eq + 1).trim());
        }
        return new Query(m);
    }

    public boolean has(String key) {
        return params.containsKey(key);
    }

    public List<String> values(String key) {
        return params.getOrDefault(key, List.of());
    }

    /** A copy where {@code key} takes exactly these values. */
    public Query with(String key, String... values) {
        Map<String, List<String>> m = new LinkedHashMap<>(params);
        m.put(key, List.of(values));
        return new Query(m);
    }

    public Query without(String key) {
        Map<String, List<String>> m = new LinkedHashMap<>(params);
        m.remove(key);
        return new Query(m);
    }

    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(params);
    }

    /** {@code key=v1|v2 key2=v}: how a stream or a split part is named to the user. */
    public String describe(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(k).append('=').append(String.join("|", values(k)));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe(new ArrayList<>(params.keySet()));
    }
}
