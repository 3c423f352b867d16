package org.trawl.core;

/**
 * What a source asks for instead when a server refuses an item's request as asked (http 400, 403 or
 * 501): an IIIF image whose own limits are below its server's refuses a size the server's other images
 * take, and its own info.json tells what it allows. The engine asks once per item, on a worker thread
 * (the source may read a document to decide), and fetches the answer through the same per-host guard,
 * retries and checkpoint as the first request.
 */
@FunctionalInterface
public interface RequestFallback {
    RequestFallback NONE = (item, status) -> null;

    /** The statuses worth asking about: the server understood the request and would not serve it as asked. */
    static boolean asks(int status) {
        return status == 400 || status == 403 || status == 501;
    }

    /**
     * The second request for an item whose first one got {@code status}, or null when the refusal stands.
     * May block; must not throw.
     */
    Instead instead(MediaItem item, int status);

    /**
     * Either a URL to fetch instead, or why there is none (added to the refusal in failures.csv).
     */
    record Instead(String url, String failure) {
        public static Instead fetch(String url) {
            return new Instead(url, null);
        }

        public static Instead fail(String why) {
            return new Instead(null, why);
        }
    }
}
