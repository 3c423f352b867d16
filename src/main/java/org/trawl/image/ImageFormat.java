package org.trawl.image;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.trawl.internal.Redaction;

/**
 * Image formats the download engine accepts (raster formats, and DICOM for medical sources),
 * detected from magic bytes (never from the Content-Type header, which servers get wrong: error
 * pages are often served as 200 text/html).
 */
public enum ImageFormat {
    JPEG("jpg", "image/jpeg"),
    PNG("png", "image/png"),
    GIF("gif", "image/gif"),
    WEBP("webp", "image/webp"),
    TIFF("tif", "image/tiff"),
    BMP("bmp", "image/bmp"),
    JP2("jp2", "image/jp2"),
    HEIC("heic", "image/heic"),
    AVIF("avif", "image/avif"),
    /** DICOM Part 10 file (what som's buckets hold): 128-byte preamble, then "DICM". */
    DICOM("dcm", "application/dicom");

    /** Number of leading bytes {@link #sniff} wants to see. */
    public static final int SNIFF_BYTES = 132;

    /** DIB header sizes: CORE(12), OS/2 v2 (16, 64), INFO(40), V2/V3 INFO (52, 56), V4(108), V5(124). */
    private static final Set<Long> BMP_HEADER_SIZES = Set.of(12L, 16L, 40L, 52L, 56L, 64L, 108L, 124L);
    /** HEIF brands for HEVC-coded images/sequences plus the generic HEIF ones (mif1/msf1). */
    private static final Set<String> HEIC_BRANDS =
            Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1");

    private static final Pattern HTML =
            Pattern.compile("^<(!doctype\\s+html|html|head|body|title|meta|script|style|div|p|h[1-6]|br|pre|center)\\b"
                    + "|<html\\b|<!doctype\\s+html\\b");
    private static final Pattern SVG = Pattern.compile("<svg\\b");

    private final String extension;
    private final String mimeType;

    ImageFormat(String extension, String mimeType) {
        this.extension = extension;
        this.mimeType = mimeType;
    }

    /** File extension without the dot, e.g. {@code "jpg"}. */
    public String extension() {
        return extension;
    }

    public String mimeType() {
        return mimeType;
    }

    /** Detects the format from the first bytes (may be shorter than SNIFF_BYTES); empty if not a known image. */
    public static Optional<ImageFormat> sniff(byte[] head, int length) {
        byte[] h = head;
        int n = usable(head, length);
        if (at(h, n, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (at(h, n, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (at(h, n, 0, "GIF87a") || at(h, n, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (at(h, n, 0, "RIFF") && at(h, n, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        // Classic TIFF (magic 42) and BigTIFF (43), little ("II") or big ("MM") endian.
        if (at(h, n, 0, 'I', 'I', 42, 0)
                || at(h, n, 0, 'M', 'M', 0, 42)
                || at(h, n, 0, 'I', 'I', 43, 0)
                || at(h, n, 0, 'M', 'M', 0, 43)) {
            return Optional.of(TIFF);
        }
        // "BM" alone is too weak (text can start with it): also require a known DIB header size at offset 14.
        if (at(h, n, 0, "BM")
                && n >= 18
                && BMP_HEADER_SIZES.contains(
                        (h[14] & 0xFFL) | (h[15] & 0xFFL) << 8 | (h[16] & 0xFFL) << 16 | (h[17] & 0xFFL) << 24)) {
            return Optional.of(BMP);
        }
        // JP2 signature box, or a raw JPEG 2000 codestream (SOC + SIZ markers) as some IIIF servers send.
        if (at(h, n, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A)
                || at(h, n, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return Optional.of(JP2);
        }
        if (at(h, n, 128, "DICM")) {
            return Optional.of(DICOM);
        }
        if (at(h, n, 4, "ftyp")) {
            return heifBrand(h, n);
        }
        return Optional.empty();
    }

    /**
     * ISO-BMFF 'ftyp' box: size(4) "ftyp" major_brand(4) minor_version(4) compatible_brands(4 each).
     * AVIF wins over HEIC because AVIF files commonly also list the generic HEIF brand mif1. Plain
     * MP4/MOV video (isom, mp42, qt...) is not an image.
     */
    private static Optional<ImageFormat> heifBrand(byte[] h, int n) {
        long size = (h[0] & 0xFFL) << 24 | (h[1] & 0xFFL) << 16 | (h[2] & 0xFFL) << 8 | (h[3] & 0xFFL);
        int end = (int) Math.min(n, size);
        boolean heic = false;
        for (int off = 8; off + 4 <= end; off += 4) {
            if (off == 12) {
                continue; // minor version, not a brand
            }
            String brand = new String(h, off, 4, StandardCharsets.ISO_8859_1);
            if (brand.equals("avif") || brand.equals("avis")) {
                return Optional.of(AVIF);
            }
            heic |= HEIC_BRANDS.contains(brand);
        }
        return heic ? Optional.of(HEIC) : Optional.empty();
    }

    /**
     * A short printable description of what non-image content looks like, for an error message:
     * "HTML page", "JSON document", "XML document", "empty body", or "unknown content starting 0x1f8b0800".
     */
    public static String describeNonImage(byte[] head, int length) {
        int n = usable(head, length);
        if (n == 0) {
            return "empty body";
        }
        Optional<ImageFormat> image = sniff(head, n);
        if (image.isPresent()) {
            return image.get() + " image";
        }
        int i = at(head, n, 0, 0xEF, 0xBB, 0xBF) ? 3 : 0; // UTF-8 BOM
        while (i < n && Character.isWhitespace((char) (head[i] & 0xFF))) {
            i++;
        }
        if (i == n) {
            return "whitespace-only body";
        }
        String text = new String(head, i, n - i, StandardCharsets.ISO_8859_1);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("<")) {
            if (HTML.matcher(lower).find()) {
                return "HTML page";
            }
            return SVG.matcher(lower).find() ? "SVG document" : "XML document";
        }
        if (lower.startsWith("{") || lower.startsWith("[")) {
            return "JSON document";
        }
        if (lower.startsWith("%pdf-")) {
            return "PDF document";
        }
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7F || c == '\t' || c == '\r' || c == '\n')) {
            String s = text.replaceAll("\\s+", " ").strip();
            // an error page quoting the request may show a token in its first words
            return "text starting \"" + Redaction.mask(s.length() > 24 ? s.substring(0, 24) + "..." : s) + "\"";
        }
        return "unknown content starting 0x" + HexFormat.of().formatHex(head, 0, Math.min(n, 4));
    }

    private static int usable(byte[] head, int length) {
        return head == null ? 0 : Math.max(0, Math.min(length, head.length));
    }

    /** True if the first {@code n} bytes of {@code h} hold {@code sig} (unsigned byte values) at {@code off}. */
    private static boolean at(byte[] h, int n, int off, int... sig) {
        if (off + sig.length > n) {
            return false;
        }
        for (int k = 0; k < sig.length; k++) {
            if ((h[off + k] & 0xFF) != sig[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean at(byte[] h, int n, int off, String ascii) {
        return at(h, n, off, ascii.chars().toArray());
    }
}
