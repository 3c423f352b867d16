package org.trawl.source.som;

import java.net.URI;
import java.util.Map;

/**
 * Where the two Google APIs are and whether they want credentials. The emulator variables the
 * Google client libraries honour ({@code DATASTORE_EMULATOR_HOST}, {@code STORAGE_EMULATOR_HOST})
 * mean "talk plain HTTP to this host, without auth"; an explicit base URL keeps auth (a proxy, a
 * private endpoint, a test fake that checks the token).
 */
public record GoogleEndpoints(URI datastore, boolean datastoreAuth, URI storage, boolean storageAuth) {
    static final String DATASTORE = "https://datastore.googleapis.com";
    static final String STORAGE = "https://storage.googleapis.com";

    /**
     * @param env           the process environment
     * @param datastoreFlag --datastore-api, or null
     * @param storageFlag   --storage-api, or null
     */
    public static GoogleEndpoints resolve(Map<String, String> env, String datastoreFlag, String storageFlag) {
        URI ds;
        boolean dsAuth = true;
        if (datastoreFlag != null) {
            ds = base(datastoreFlag);
        } else if (present(env.get("DATASTORE_EMULATOR_HOST"))) {
            ds = base(env.get("DATASTORE_EMULATOR_HOST"));
            dsAuth = false;
        } else {
            ds = URI.create(DATASTORE);
        }
        URI st;
        boolean stAuth = true;
        if (storageFlag != null) {
            st = base(storageFlag);
        } else if (present(env.get("STORAGE_EMULATOR_HOST"))) {
            st = base(env.get("STORAGE_EMULATOR_HOST"));
            stAuth = false;
        } else {
            st = URI.create(STORAGE);
        }
        return new GoogleEndpoints(ds, dsAuth, st, stAuth);
    }

    /** Whether any call needs credentials at all (not when both services are emulated). */
    public boolean needsCredentials() {
        return datastoreAuth || storageAuth;
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }

    /** "host:port" (the emulators' form) or a full URL; no trailing slash. */
    static URI base(String value) {
        String v = value.trim();
        if (!v.contains("://")) {
            v = "http://" + v;
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        URI u;
        try {
            u = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + value);
        }
        if (u.getHost() == null
                || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
            throw new IllegalArgumentException("not an http(s) URL: " + value);
        }
        return u;
    }
}
