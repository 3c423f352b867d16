package org.trawl.source.iiif;

/**
 * Builds the Image API URL for one image: the whole region at the largest size allowed by the
 * user's width limit and the server's caps, never upscaled, in the size syntax the service's API
 * version and compliance level accept.
 *
 * <ul>
 * <li>Whole image: {@code full} (1.x, 2.x: valid in both 2.0 and 2.1), {@code max} (3.0, where
 * {@code full} is gone).</li>
 * <li>A server cap binds (maxWidth/maxHeight/maxArea, 2.1 and 3.0 only): {@code max}, which the
 * server resolves to exactly its cap.</li>
 * <li>The user's width binds: {@code w,} (sizeByW, level 1+); {@code !w,h} where the server also caps
 * the height and can fit a box, so its own rounding can never cross its cap.</li>
 * <li>Level 0: only the declared {@code sizes}: the largest within the limits, in the canonical form
 * ({@code w,} for 1.x/2.x, {@code w,h} for 3.0).</li>
 * </ul>
 */
final class ImageRequest {
    private ImageRequest() {}

    /**
     * @param maxWidth the user's limit (-w), or -1 for none
     */
    static String url(ImageService s, int maxWidth) {
        String quality = s.version() == 1 ? "native" : "default";
        return s.id() + "/full/" + size(s, maxWidth) + "/0/" + quality + ".jpg";
    }

    static String size(ImageService s, int maxWidth) {
        String whole = s.version() >= 3 ? "max" : "full";
        boolean known = s.width() > 0 && s.height() > 0;
        if (!known) {
            // no size to compare with: a width request could upscale, so only ask for it when told to
            return maxWidth > 0 ? maxWidth + "," : whole;
        }
        double userScale = userScale(s, maxWidth);
        double capScale = capScale(s);
        double scale = Math.min(userScale, capScale);
        if (s.level() == 0) {
            return levelZero(s, scale, whole);
        }
        if (scale >= 1.0) {
            return whole;
        }
        if (capScale <= userScale) {
            // the server's cap is the limit: "max" is exactly it (the caps exist only from 2.1 on, which has max)
            return "max";
        }
        int w = Math.max(1, (int) Math.floor(s.width() * scale));
        if (s.confinedSizes() && (s.maxHeight() > 0 || s.maxArea() > 0)) {
            int h = Math.max(1, (int) Math.floor(s.height() * scale));
            return "!" + w + "," + h;
        }
        return w + ",";
    }

    /**
     * The largest of the sizes the service lists within the limits (the smallest when none is), asked for
     * explicitly whatever the level: what an image that refused another size surely serves. Null when it
     * lists none or its full size is unknown.
     */
    static String listedUrl(ImageService s, int maxWidth) {
        if (s.sizes().isEmpty() || s.width() <= 0 || s.height() <= 0) {
            return null;
        }
        int[] chosen = listed(s, Math.min(userScale(s, maxWidth), capScale(s)));
        String quality = s.version() == 1 ? "native" : "default";
        return s.id() + "/full/" + explicit(s, chosen) + "/0/" + quality + ".jpg";
    }

    private static double userScale(ImageService s, int maxWidth) {
        return maxWidth > 0 ? Math.min(1.0, (double) maxWidth / s.width()) : 1.0;
    }

    /** The largest scale the server's maxWidth, maxHeight and maxArea allow (1 when none binds). */
    private static double capScale(ImageService s) {
        double capScale = 1.0;
        if (s.maxWidth() > 0) {
            capScale = Math.min(capScale, (double) s.maxWidth() / s.width());
        }
        if (s.maxHeight() > 0) {
            capScale = Math.min(capScale, (double) s.maxHeight() / s.height());
        }
        if (s.maxArea() > 0) {
            capScale = Math.min(capScale, Math.sqrt((double) s.maxArea() / ((double) s.width() * s.height())));
        }
        return capScale;
    }

    private static String levelZero(ImageService s, double scale, String whole) {
        if (scale >= 1.0 || s.sizes().isEmpty()) {
            return whole;
        }
        int[] chosen = listed(s, scale);
        if (chosen[0] >= s.width()) {
            return whole;
        }
        return explicit(s, chosen);
    }

    /** The largest listed size within the scale, else the smallest listed. */
    private static int[] listed(ImageService s, double scale) {
        int limitW = (int) Math.floor(s.width() * scale);
        int limitH = (int) Math.floor(s.height() * scale);
        int[] best = null;
        int[] smallest = null;
        for (int[] wh : s.sizes()) {
            if (wh[0] <= limitW && wh[1] <= limitH && (best == null || wh[0] > best[0])) {
                best = wh;
            }
            if (smallest == null || wh[0] < smallest[0]) {
                smallest = wh;
            }
        }
        return best != null ? best : smallest;
    }

    /** A listed size in its canonical form: {@code w,} for 1.x/2.x, {@code w,h} for 3.0. */
    private static String explicit(ImageService s, int[] wh) {
        return s.version() >= 3 ? wh[0] + "," + wh[1] : wh[0] + ",";
    }
}
