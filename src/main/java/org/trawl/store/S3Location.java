package org.trawl.store;

import org.trawl.core.TrawlException;

/**
 * An {@code s3://BUCKET/PREFIX} output: the bucket, and the prefix every object name starts with
 * (empty, or ending in '/'), so OUT's layout is kept under it.
 */
public record S3Location(String bucket, String prefix) {
    public static final String SCHEME = "s3://";

    /** True when {@code out} names an object store rather than a folder. */
    public static boolean isS3(String out) {
        return out != null && out.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** Parses s3://BUCKET[/PREFIX]; a malformed one is a usage error. */
    public static S3Location parse(String out) {
        String rest = out.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        // S3's own bucket-name rules, loosely: lower case, digits, dots and dashes, 3 to 63 characters
        if (!bucket.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
            throw TrawlException.usage("the output " + out + " names no valid bucket (expected s3://BUCKET/PREFIX)");
        }
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (prefix.contains("//") || prefix.contains("/../") || prefix.startsWith("../") || prefix.equals("..")) {
            throw TrawlException.usage("the output " + out + " has an empty or '..' part in its prefix");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new S3Location(bucket, prefix);
    }

    /** The object name of {@code relative} (a path under OUT, '/'-separated). */
    public String key(String relative) {
        return prefix + relative;
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + prefix;
    }
}
