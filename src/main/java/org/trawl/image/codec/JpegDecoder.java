package org.trawl.image.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Baseline and progressive Huffman JPEG (8-bit, gray, YCbCr/RGB or CMYK/YCCK, any sampling factors,
 * restart markers) to 8-bit gray/RGB rows, at full size or scaled by 1/2, 1/4 or 1/8.
 *
 * <p>A baseline image whose first scan holds every component is decoded one MCU row at a time and
 * streamed to the sink, so memory is a strip of the image, not the image. Progressive (and
 * multi-scan sequential) images need every coefficient until the last scan: one {@code short} per
 * sample is kept (3 bytes a pixel at 4:2:0, 6 at 4:4:4), then streamed the same way.
 *
 * <p>Half-width (and half-height) chroma is upsampled with libjpeg's triangle filter ("fancy
 * upsampling"), so the pixels agree with libjpeg/ImageIO to within rounding; other factor ratios
 * are replicated.
 *
 * <p>12-bit, lossless, hierarchical and arithmetic-coded images are reported as unsupported.
 * Markers are read as leniently as libjpeg reads them: an APPn or COM segment is skipped by its
 * length whatever it holds (a malformed EXIF block costs only its orientation), a length too short
 * to be one is ignored, and stray bytes between segments are skipped up to the next marker.
 * Corrupt data that cannot be read around fails with a {@link DecodeException} saying what was
 * wrong; every loop is bounded by the frame's block count, so no input can make it spin.
 */
public final class JpegDecoder {
    static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60,
        61, 54, 47, 55, 62, 63
    };

    /** What the markers before the first scan say. */
    public record Header(int width, int height, int components, boolean progressive, int orientation, byte[] icc) {}

    private final ByteInput in;
    private final int[][] qt = new int[4][];
    private final Huffman[] dcTables = new Huffman[4];
    private final Huffman[] acTables = new Huffman[4];
    private Component[] comps;
    private int width;
    private int height;
    private boolean progressive;
    private int maxH;
    private int maxV;
    private int mcusPerLine;
    private int mcusPerColumn;
    private int restartInterval;
    private int orientation = 1;
    private int adobeTransform = -1;
    private boolean jfif;
    private ByteArrayOutputStream icc;
    private Header header;
    /** How a 4-component frame's samples become RGB. */
    private enum FourComponents {
        CMYK,
        YCCK
    }

    private FourComponents fourComponents;
    /** The marker already read by the entropy decoder (or the header parser), or -1. */
    private int pendingMarker = -1;

    private boolean fullBuffer;
    /** Output samples per block side: 8, or 4, 2, 1 when decoding at 1/2, 1/4, 1/8. */
    private int unit = 8;

    private int outWidth;
    private int outHeight;
    private boolean sawScan;

    // bit reader
    private long bitBuf;
    private int bitCount;
    private boolean hitEnd;
    private int eobrun;

    public JpegDecoder(InputStream in) {
        this.in = new ByteInput(in);
    }

    private static final class Component {
        int id;
        int h;
        int v;
        int tq;
        /** Output samples per block side for this component (chroma may keep twice the luma's). */
        int unit;

        int blocksPerLine; // allocated (whole MCUs)
        int blocksPerColumn;
        int usedBlocksPerLine; // covering the component's own size (non-interleaved scans)
        int usedBlocksPerColumn;
        short[] coeffs;
        int blockRowBase; // first block row held in coeffs
        int dcPred;
        Huffman dc;
        Huffman ac;
        byte[] strip; // one MCU row of decoded samples
        int[] colMap;
        /** The last sample row of the previous MCU row's strip (context for vertical fancy upsampling). */
        byte[] prevLast;
        /** Fancy-upsampled chroma for one output row. */
        byte[] line;
    }

    /** Parses the markers up to the first scan. */
    public Header readHeader() throws IOException {
        if (header != null) {
            return header;
        }
        if (in.read() != 0xFF || in.read() != 0xD8) {
            throw DecodeException.corrupt("not a JPEG (no SOI marker)");
        }
        while (true) {
            int m = nextMarker();
            if (m == 0xDA) {
                if (comps == null) {
                    throw DecodeException.corrupt("scan before frame header");
                }
                pendingMarker = m;
                break;
            }
            if (m == 0xD9) {
                throw DecodeException.corrupt("no image data (EOI before any scan)");
            }
            segment(m);
        }
        header = new Header(
                width, height, comps.length, progressive, orientation, icc == null ? null : icc.toByteArray());
        return header;
    }

    /** Decodes the whole image into the sink (1 channel for gray, 3 for colour). */
    public void decode(RowSink sink) throws IOException {
        decode(sink, 1);
    }

    /**
     * Decodes at full size ({@code denom} 1) or at 1/2, 1/4 or 1/8 ({@code denom} 2, 4, 8). At 1/8
     * each 8x8 block becomes one pixel, its DC term, which is the block's mean: an exact area
     * average that skips the inverse DCT, as libjpeg's scaled decoding does. At 1/2 and 1/4 each
     * block becomes the means of its 4x4 or 2x2 squares ({@link Idct#blockScaled}). The sink
     * gets ceil(width/denom) x ceil(height/denom).
     */
    public void decode(RowSink sink, int denom) throws IOException {
        readHeader();
        if (comps.length == 2) {
            throw DecodeException.unsupported("2-component JPEG");
        }
        if (denom != 1 && denom != 2 && denom != 4 && denom != 8) {
            throw new IllegalArgumentException("scale 1/" + denom);
        }
        unit = 8 / denom;
        outWidth = (width + denom - 1) / denom;
        outHeight = (height + denom - 1) / denom;
        for (Component c : comps) {
            // Scaled, a subsampled component keeps up to twice (4x) the luma's scale, as libjpeg
            // does: its samples then land one per output pixel instead of being upsampled, and
            // the colour keeps the resolution an area average of the full decode would have.
            // 4:2:2 chroma (half width, full height) cannot, as a DCT scale is square: replicated.
            c.unit = unit;
            if (unit < 8 && maxH % c.h == 0 && maxV % c.v == 0 && maxH / c.h == maxV / c.v) {
                c.unit = Math.min(8, unit * (maxH / c.h));
            }
            c.strip = new byte[c.blocksPerLine * c.unit * c.v * c.unit];
            c.colMap = new int[outWidth];
            for (int x = 0; x < outWidth; x++) {
                c.colMap[x] = x * c.h * c.unit / (maxH * unit);
            }
        }
        sink.begin(outWidth, outHeight, comps.length == 1 ? 1 : 3);
        if (comps.length == 4) {
            fourComponents = adobeTransform == 2 ? FourComponents.YCCK : FourComponents.CMYK;
        }
        byte[] row = new byte[outWidth * (comps.length == 1 ? 1 : 3)];
        int emitted = 0;
        while (true) {
            int m = nextMarker();
            if (m == 0xD9) {
                break;
            }
            if (m == 0xDA) {
                if (emitted > 0) {
                    throw DecodeException.corrupt("scan after the image was complete");
                }
                boolean streamed = scan(sink, row);
                if (streamed) {
                    emitted = mcusPerColumn;
                }
                if (hitEnd) {
                    throw DecodeException.corrupt("truncated JPEG data");
                }
            } else {
                segment(m);
            }
        }
        if (!sawScan) {
            throw DecodeException.corrupt("no image data");
        }
        if (emitted == 0) {
            for (int r = 0; r < mcusPerColumn; r++) {
                emitMcuRow(r, sink, row);
            }
        }
    }

    /** The next marker code, skipping fill bytes (and stray bytes between segments, as libjpeg does). */
    private int nextMarker() throws IOException {
        if (pendingMarker >= 0) {
            int m = pendingMarker;
            pendingMarker = -1;
            return m;
        }
        int b = in.read();
        for (long junk = 0; ; junk++) {
            while (b >= 0 && b != 0xFF) {
                b = in.read();
            }
            if (b < 0) {
                throw DecodeException.corrupt("truncated JPEG (no EOI marker)");
            }
            do {
                b = in.read();
            } while (b == 0xFF);
            if (b < 0) {
                throw DecodeException.corrupt("truncated JPEG (no EOI marker)");
            }
            if (b != 0 && !(b >= 0xD0 && b <= 0xD7)) {
                return b; // 0 = stuffed data byte, RSTn outside a scan: skip
            }
        }
    }

    private void segment(int m) throws IOException {
        if (m == 0x01) {
            return; // TEM: a marker without a segment
        }
        if (m == 0xD8) {
            // a second start of image before the first scan: almost always the EXIF thumbnail met
            // while resynchronising after a damaged segment; libjpeg refuses it too rather than
            // decode the thumbnail as the picture
            throw DecodeException.corrupt("a second start-of-image marker in the header (damaged segment)");
        }
        int len = in.u16() - 2;
        boolean skippable = m >= 0xE0 && m <= 0xEF || m == 0xFE;
        if (len < 0 && skippable) {
            return; // libjpeg skips nothing and resynchronises on the next marker
        }
        if (len < 0) {
            throw DecodeException.corrupt("bad segment length");
        }
        switch (m) {
            case 0xDB -> dqt(len);
            case 0xC4 -> dht(len);
            case 0xC0, 0xC1, 0xC2 -> sof(m, len);
            case 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF ->
                throw DecodeException.unsupported(
                        switch (m) {
                            case 0xC3 -> "lossless JPEG";
                            case 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> "arithmetic-coded JPEG";
                            default -> "hierarchical JPEG";
                        });
            case 0xDD -> {
                if (len < 2) {
                    throw DecodeException.corrupt("bad DRI");
                }
                restartInterval = in.u16();
                in.skip(len - 2);
            }
            case 0xE0, 0xE1, 0xE2, 0xEE -> app(m, len);
            case 0xDC -> throw DecodeException.unsupported("JPEG with a DNL marker");
            default -> in.skip(len);
        }
    }

    private void app(int m, int len) throws IOException {
        byte[] b = new byte[len];
        in.readFully(b, 0, len);
        if (m == 0xE0 && startsWith(b, "JFIF\0")) {
            jfif = true;
        } else if (m == 0xE1 && startsWith(b, "Exif\0") && len > 6 && orientation == 1) {
            orientation = Exif.orientation(b, 6, len - 6);
        } else if (m == 0xE2 && startsWith(b, "ICC_PROFILE\0") && len > 14) {
            // chunks arrive in order in practice; kept as one profile to copy into a re-encoded file
            if (icc == null) {
                icc = new ByteArrayOutputStream();
            }
            icc.write(b, 14, len - 14);
        } else if (m == 0xEE && startsWith(b, "Adobe") && len >= 12) {
            adobeTransform = b[11] & 0xFF;
        }
    }

    private static boolean startsWith(byte[] b, String s) {
        byte[] p = s.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (b[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    private void dqt(int len) throws IOException {
        while (len > 0) {
            int pq = in.u8();
            int id = pq & 15;
            boolean wide = pq >> 4 != 0;
            if (id > 3 || len < 1 + (wide ? 128 : 64)) {
                throw DecodeException.corrupt("bad DQT");
            }
            int[] t = new int[64];
            for (int k = 0; k < 64; k++) {
                t[ZIGZAG[k]] = wide ? in.u16() : in.u8();
            }
            qt[id] = t;
            len -= 1 + (wide ? 128 : 64);
        }
    }

    private void dht(int len) throws IOException {
        while (len > 0) {
            if (len < 17) {
                throw DecodeException.corrupt("bad DHT");
            }
            int tc = in.u8();
            int[] counts = new int[17];
            int total = 0;
            for (int i = 1; i <= 16; i++) {
                counts[i] = in.u8();
                total += counts[i];
            }
            if (total > 256 || len < 17 + total || (tc & 15) > 3 || tc >> 4 > 1) {
                throw DecodeException.corrupt("bad DHT");
            }
            byte[] syms = new byte[total];
            in.readFully(syms, 0, total);
            Huffman h = new Huffman(counts, syms);
            if (tc >> 4 == 0) {
                dcTables[tc & 15] = h;
            } else {
                acTables[tc & 15] = h;
            }
            len -= 17 + total;
        }
    }

    private void sof(int m, int len) throws IOException {
        if (comps != null) {
            throw DecodeException.corrupt("two frame headers");
        }
        int precision = in.u8();
        if (precision != 8) {
            throw DecodeException.unsupported(precision + "-bit JPEG");
        }
        height = in.u16();
        width = in.u16();
        int n = in.u8();
        if (height == 0) {
            throw DecodeException.unsupported("JPEG with a DNL marker (height 0)");
        }
        Limits.checkSize(width, height);
        if (n < 1 || n > 4 || len != 6 + 3 * n) {
            throw DecodeException.corrupt("bad frame header");
        }
        progressive = m == 0xC2;
        comps = new Component[n];
        for (int i = 0; i < n; i++) {
            Component c = new Component();
            c.id = in.u8();
            int hv = in.u8();
            c.h = hv >> 4;
            c.v = hv & 15;
            c.tq = in.u8();
            if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 || c.tq > 3) {
                throw DecodeException.corrupt("bad sampling factors");
            }
            if (n == 1) {
                c.h = c.v = 1; // one component: its scan is never interleaved, so its factors do not matter
            }
            comps[i] = c;
        }
        for (Component c : comps) {
            maxH = Math.max(maxH, c.h);
            maxV = Math.max(maxV, c.v);
        }
        mcusPerLine = ceilDiv(width, 8 * maxH);
        mcusPerColumn = ceilDiv(height, 8 * maxV);
        for (Component c : comps) {
            c.blocksPerLine = mcusPerLine * c.h;
            c.blocksPerColumn = mcusPerColumn * c.v;
            c.usedBlocksPerLine = ceilDiv(ceilDiv(width * c.h, maxH), 8);
            c.usedBlocksPerColumn = ceilDiv(ceilDiv(height * c.v, maxV), 8);
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    // ---------------------------------------------------------------- scans

    /** Decodes one scan; returns true if it was streamed straight to the sink (single-scan baseline). */
    private boolean scan(RowSink sink, byte[] row) throws IOException {
        int len = in.u16();
        int n = in.u8();
        if (n < 1 || n > 4 || len != 6 + 2 * n) {
            throw DecodeException.corrupt("bad scan header");
        }
        Component[] sc = scanComponents(n);
        int ss = in.u8();
        int se = in.u8();
        int a = in.u8();
        int ah = a >> 4;
        int al = a & 15;
        if (progressive) {
            if (ss > se || se > 63 || ss == 0 && se != 0 || ss > 0 && n != 1 || al > 13) {
                throw DecodeException.corrupt("bad progressive scan parameters");
            }
        } else {
            ss = 0;
            se = 63;
            ah = al = 0;
        }
        for (Component c : sc) {
            if (ss == 0 && ah == 0 && c.dc == null || se > 0 && c.ac == null) {
                throw DecodeException.corrupt("scan uses an undefined Huffman table");
            }
            c.dcPred = 0;
        }
        boolean stream = !sawScan && !progressive && n == comps.length;
        sawScan = true;
        allocateCoefficients(stream);
        bitBuf = 0;
        bitCount = 0;
        eobrun = 0;
        int mode = !progressive ? 0 : ss == 0 ? (ah == 0 ? 1 : 2) : (ah == 0 ? 3 : 4);
        boolean interleaved = n > 1;
        int rowsOfMcus = interleaved ? mcusPerColumn : sc[0].usedBlocksPerColumn;
        int mcusInRow = interleaved ? mcusPerLine : sc[0].usedBlocksPerLine;
        if (!interleaved && comps.length == 1) {
            rowsOfMcus = mcusPerColumn; // single-component frame: its MCUs are its blocks
            mcusInRow = mcusPerLine;
        }
        if (!mcus(sc, rowsOfMcus, mcusInRow, mode, ss, se, al, stream, sink, row)) {
            return stream; // truncated: the caller reports it
        }
        // the scan's end: whatever marker follows (the bit reader may already have met it)
        bitBuf = 0;
        bitCount = 0;
        return stream;
    }

    /** The components a scan names, in its order, each with the Huffman tables the scan gives it. */
    private Component[] scanComponents(int n) throws IOException {
        Component[] sc = new Component[n];
        for (int i = 0; i < n; i++) {
            int id = in.u8();
            int t = in.u8();
            for (Component c : comps) {
                if (c.id == id) {
                    sc[i] = c;
                }
            }
            if (sc[i] == null) {
                throw DecodeException.corrupt("scan names an unknown component");
            }
            sc[i].dc = dcTables[t >> 4 & 3];
            sc[i].ac = acTables[t & 3];
        }
        return sc;
    }

    /**
     * Coefficient storage: one MCU row per component for a streamed scan, else the whole frame, once
     * (a progressive or multi-scan image is refined across scans before any row is emitted).
     */
    private void allocateCoefficients(boolean stream) throws DecodeException {
        if (!stream && !fullBuffer) {
            long total = 0;
            for (Component c : comps) {
                total += (long) c.blocksPerLine * c.blocksPerColumn * 64 * 2;
            }
            Limits.checkAlloc(total, "JPEG coefficients");
            for (Component c : comps) {
                c.coeffs = new short[c.blocksPerLine * c.blocksPerColumn * 64];
                c.blockRowBase = 0;
            }
            fullBuffer = true;
        } else if (stream) {
            for (Component c : comps) {
                c.coeffs = new short[c.blocksPerLine * c.v * 64];
            }
        }
    }

    /**
     * Decodes a scan's MCUs, handling restart markers; a streamed scan emits each MCU row to the sink
     * as soon as it is decoded. False when the data ended early.
     */
    private boolean mcus(
            Component[] sc,
            int rowsOfMcus,
            int mcusInRow,
            int mode,
            int ss,
            int se,
            int al,
            boolean stream,
            RowSink sink,
            byte[] row)
            throws IOException {
        boolean interleaved = sc.length > 1;
        int todo = restartInterval;
        for (int my = 0; my < rowsOfMcus; my++) {
            if (stream) {
                for (Component c : comps) {
                    java.util.Arrays.fill(c.coeffs, (short) 0);
                    c.blockRowBase = my * c.v;
                }
            }
            for (int mx = 0; mx < mcusInRow; mx++) {
                if (restartInterval > 0) {
                    if (todo == 0) {
                        restart(sc);
                        todo = restartInterval;
                    }
                    todo--;
                }
                if (interleaved) {
                    for (Component c : sc) {
                        for (int by = 0; by < c.v; by++) {
                            for (int bx = 0; bx < c.h; bx++) {
                                block(c, my * c.v + by, mx * c.h + bx, mode, ss, se, al);
                            }
                        }
                    }
                } else {
                    block(sc[0], my, mx, mode, ss, se, al);
                }
                if (hitEnd) {
                    return false;
                }
            }
            if (stream) {
                emitMcuRow(my, sink, row);
            }
        }
        return true;
    }

    private void restart(Component[] sc) throws IOException {
        bitBuf = 0;
        bitCount = 0;
        eobrun = 0;
        for (Component c : sc) {
            c.dcPred = 0;
        }
        int m = pendingMarker >= 0 ? pendingMarker : nextMarkerInScan();
        pendingMarker = -1;
        if (m < 0xD0 || m > 0xD7) {
            if (m == 0xD9 || m < 0) {
                hitEnd = true; // the data stopped early
            }
            // a wrong marker mid-scan: keep decoding (libjpeg does too); the pixels decide
            pendingMarker = m == 0xD9 ? m : -1;
        }
    }

    private int nextMarkerInScan() throws IOException {
        int b;
        do {
            b = in.read();
            if (b == 0xFF) {
                do {
                    b = in.read();
                } while (b == 0xFF);
                if (b > 0) {
                    return b;
                }
            }
        } while (b >= 0);
        return -1;
    }

    private void block(Component c, int blockRow, int blockCol, int mode, int ss, int se, int al) throws IOException {
        int off = ((blockRow - c.blockRowBase) * c.blocksPerLine + blockCol) * 64;
        if (blockRow - c.blockRowBase >= c.blocksPerColumn
                || blockCol >= c.blocksPerLine
                || off < 0
                || off >= c.coeffs.length) {
            throw DecodeException.corrupt("block outside the frame");
        }
        short[] z = c.coeffs;
        switch (mode) {
            case 0 -> baseline(c, z, off);
            case 1 -> { // DC first
                int t = decode(c.dc);
                c.dcPred += t == 0 ? 0 : extend(bits(t), t);
                z[off] = (short) (c.dcPred << al);
            }
            case 2 -> { // DC refine
                if (bits(1) != 0) {
                    z[off] |= (short) (1 << al);
                }
            }
            case 3 -> acFirst(z, off, c.ac, ss, se, al);
            default -> acRefine(z, off, c.ac, ss, se, al);
        }
    }

    /** A baseline block: its DC difference, then its run-length coded AC coefficients. */
    private void baseline(Component c, short[] z, int off) throws IOException {
        int t = decode(c.dc);
        c.dcPred += t == 0 ? 0 : extend(bits(t), t);
        z[off] = (short) c.dcPred;
        for (int k = 1; k < 64; ) {
            int rs = decode(c.ac);
            int s = rs & 15;
            int r = rs >> 4;
            if (s == 0) {
                if (r < 15) {
                    break;
                }
                k += 16;
                continue;
            }
            k += r;
            if (k > 63) {
                break;
            }
            z[off + ZIGZAG[k]] = (short) extend(bits(s), s);
            k++;
        }
    }

    /** The first progressive pass over a band of AC coefficients; a run of empty blocks (EOBRUN) spans calls. */
    private void acFirst(short[] z, int off, Huffman ac, int ss, int se, int al) throws IOException {
        if (eobrun > 0) {
            eobrun--;
            return;
        }
        for (int k = ss; k <= se; ) {
            int rs = decode(ac);
            int s = rs & 15;
            int r = rs >> 4;
            if (s == 0) {
                if (r < 15) {
                    eobrun = (1 << r) - 1 + (r > 0 ? bits(r) : 0);
                    break;
                }
                k += 16;
                continue;
            }
            k += r;
            if (k > 63) {
                break;
            }
            z[off + ZIGZAG[k]] = (short) (extend(bits(s), s) * (1 << al));
            k++;
        }
    }

    /** Successive approximation of AC coefficients (libjpeg's decode_mcu_AC_refine). */
    private void acRefine(short[] z, int off, Huffman ac, int ss, int se, int al) throws IOException {
        int p1 = 1 << al;
        int m1 = -1 << al;
        int k = ss;
        if (eobrun == 0) {
            for (; k <= se; k++) {
                int rs = decode(ac);
                int r = rs >> 4;
                int s = rs & 15;
                if (s != 0) {
                    s = bits(1) != 0 ? p1 : m1;
                } else if (r != 15) {
                    eobrun = 1 << r;
                    if (r > 0) {
                        eobrun += bits(r);
                    }
                    break;
                }
                // skip r zero coefficients, refining the non-zero ones passed on the way
                do {
                    int i = off + ZIGZAG[k];
                    if (z[i] != 0) {
                        if (bits(1) != 0 && (z[i] & p1) == 0) {
                            z[i] += (short) (z[i] >= 0 ? p1 : m1);
                        }
                    } else if (--r < 0) {
                        break;
                    }
                    k++;
                } while (k <= se);
                if (s != 0 && k <= se) {
                    z[off + ZIGZAG[k]] = (short) s;
                }
            }
        }
        if (eobrun > 0) {
            for (; k <= se; k++) {
                int i = off + ZIGZAG[k];
                if (z[i] != 0 && bits(1) != 0 && (z[i] & p1) == 0) {
                    z[i] += (short) (z[i] >= 0 ? p1 : m1);
                }
            }
            eobrun--;
        }
    }

    // ---------------------------------------------------------------- entropy decoding

    private void fill() throws IOException {
        while (bitCount <= 56) {
            int b = 0;
            if (pendingMarker < 0 && !hitEnd) {
                b = in.read();
                if (b < 0) {
                    hitEnd = true;
                    b = 0;
                } else if (b == 0xFF) {
                    int nb = in.read();
                    while (nb == 0xFF) {
                        nb = in.read();
                    }
                    if (nb < 0) {
                        hitEnd = true;
                        b = 0;
                    } else if (nb != 0) {
                        pendingMarker = nb; // end of this entropy segment: zeros from here
                        b = 0;
                    }
                }
            }
            bitBuf |= (long) b << (56 - bitCount);
            bitCount += 8;
        }
    }

    private int bits(int n) throws IOException {
        if (bitCount < n) {
            fill();
        }
        int v = (int) (bitBuf >>> (64 - n));
        bitBuf <<= n;
        bitCount -= n;
        return v;
    }

    private static int extend(int v, int t) {
        return v < 1 << (t - 1) ? v - (1 << t) + 1 : v;
    }

    private int decode(Huffman h) throws IOException {
        if (bitCount < 16) {
            fill();
        }
        int peek = (int) (bitBuf >>> 55); // 9 bits
        int len = h.fastLen[peek];
        if (len > 0) {
            bitBuf <<= len;
            bitCount -= len;
            return h.fastVal[peek] & 0xFF;
        }
        int code16 = (int) (bitBuf >>> 48);
        for (int l = 10; l <= 16; l++) {
            int code = code16 >>> (16 - l);
            if (code <= h.maxCode[l]) {
                bitBuf <<= l;
                bitCount -= l;
                int idx = h.valPtr[l] + code - h.minCode[l];
                if (idx < 0 || idx >= h.vals.length) {
                    throw DecodeException.corrupt("bad Huffman code");
                }
                return h.vals[idx] & 0xFF;
            }
        }
        throw DecodeException.corrupt("bad Huffman code");
    }

    /** A Huffman table with a 9-bit lookup for the common short codes. */
    static final class Huffman {
        final byte[] fastLen = new byte[512];
        final byte[] fastVal = new byte[512];
        final int[] maxCode = new int[18];
        final int[] minCode = new int[17];
        final int[] valPtr = new int[17];
        final byte[] vals;

        Huffman(int[] counts, byte[] syms) throws DecodeException {
            vals = syms;
            int code = 0;
            int k = 0;
            for (int l = 1; l <= 16; l++) {
                valPtr[l] = k;
                minCode[l] = code;
                maxCode[l] = counts[l] == 0 ? -1 : code + counts[l] - 1;
                for (int i = 0; i < counts[l]; i++, k++, code++) {
                    if (code >= 1 << l) {
                        throw DecodeException.corrupt("bad Huffman table");
                    }
                    if (l <= 9) {
                        int first = code << (9 - l);
                        for (int j = 0; j < 1 << (9 - l); j++) {
                            fastLen[first + j] = (byte) l;
                            fastVal[first + j] = syms[k];
                        }
                    }
                }
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }
    }

    // ---------------------------------------------------------------- output

    private void emitMcuRow(int mcuRow, RowSink sink, byte[] row) throws DecodeException {
        inverseTransform(mcuRow);
        boolean rgb = comps.length == 3
                && (adobeTransform == 0
                        || !jfif
                                && adobeTransform < 0
                                && comps[0].id == 'R'
                                && comps[1].id == 'G'
                                && comps[2].id == 'B');
        int y0 = mcuRow * maxV * unit;
        for (int r = 0; r < maxV * unit && y0 + r < outHeight; r++) {
            colourRow(r, mcuRow, rgb, row);
            sink.row(row, y0 + r);
        }
        for (Component c : comps) {
            int stride = c.blocksPerLine * c.unit;
            if (c.prevLast == null) {
                c.prevLast = new byte[stride];
            }
            System.arraycopy(c.strip, (c.v * c.unit - 1) * stride, c.prevLast, 0, stride);
        }
    }

    /** Each component's blocks of an MCU row to samples in its strip: the inverse DCT, or at 1/8 scale the DC alone. */
    private void inverseTransform(int mcuRow) throws DecodeException {
        int[] scratch = new int[64];
        for (Component c : comps) {
            int[] q = qt[c.tq];
            if (q == null) {
                throw DecodeException.corrupt("missing quantisation table");
            }
            int unit = c.unit;
            int stride = c.blocksPerLine * unit;
            for (int by = 0; by < c.v; by++) {
                int base = ((mcuRow * c.v + by - c.blockRowBase) * c.blocksPerLine) * 64;
                for (int bx = 0; bx < c.blocksPerLine; bx++) {
                    int off = base + bx * 64;
                    if (unit == 1) { // DC = 8 x the block's mean (level-shifted)
                        int dc = c.coeffs[off] * q[0];
                        int v = (dc >= 0 ? dc + 4 : dc - 4) / 8 + 128;
                        c.strip[by * stride + bx] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
                        continue;
                    }
                    if (unit == 8) {
                        Idct.block(c.coeffs, off, q, scratch, c.strip, by * 8 * stride + bx * 8, stride);
                    } else {
                        Idct.blockScaled(c.coeffs, off, q, scratch, c.strip, (by * stride + bx) * unit, stride, unit);
                    }
                }
            }
        }
    }

    /** Output row {@code r} of the MCU row's strips as pixels: gray, RGB as stored, or YCbCr upsampled and converted. */
    private void colourRow(int r, int mcuRow, boolean rgb, byte[] row) {
        int width = outWidth;
        if (comps.length == 1) {
            Component c = comps[0];
            System.arraycopy(c.strip, r * c.blocksPerLine * unit, row, 0, width);
            return;
        }
        if (comps.length == 4) {
            fourComponentRow(r, row);
            return;
        }
        Component a = comps[0];
        Component b = comps[1];
        Component d = comps[2];
        int ra = stripRow(a, r);
        int rb = stripRow(b, r);
        int rd = stripRow(d, r);
        int[] ca = a.colMap;
        int[] cb = b.colMap;
        int[] cd = d.colMap;
        if (!rgb && a.h == maxH && b.h * 2 == maxH && d.h * 2 == maxH) {
            // the common 4:2:0 / 4:2:2 layout, without the per-pixel column lookups
            byte[] ys = a.strip;
            if (unit == 8) {
                // libjpeg's "fancy" (triangle) upsampling: chroma sited between luma samples
                byte[] us = fancyLine(b, r, mcuRow);
                byte[] vs = fancyLine(d, r, mcuRow);
                for (int x = 0, o = 0; x < width; x++, o += 3) {
                    Color.ycc(ys[ra + x] & 0xFF, us[x] & 0xFF, vs[x] & 0xFF, row, o);
                }
            } else if (b.unit == 2 * unit && d.unit == 2 * unit) {
                byte[] us = b.strip; // chroma decoded at twice the luma's scale: one sample a pixel
                byte[] vs = d.strip;
                for (int x = 0, o = 0; x < width; x++, o += 3) {
                    Color.ycc(ys[ra + x] & 0xFF, us[rb + x] & 0xFF, vs[rd + x] & 0xFF, row, o);
                }
            } else {
                byte[] us = b.strip;
                byte[] vs = d.strip;
                for (int x = 0, o = 0; x < width; x++, o += 3) {
                    Color.ycc(ys[ra + x] & 0xFF, us[rb + (x >> 1)] & 0xFF, vs[rd + (x >> 1)] & 0xFF, row, o);
                }
            }
            return;
        }
        for (int x = 0, o = 0; x < width; x++, o += 3) {
            int y = a.strip[ra + ca[x]] & 0xFF;
            int u = b.strip[rb + cb[x]] & 0xFF;
            int v = d.strip[rd + cd[x]] & 0xFF;
            if (rgb) {
                row[o] = (byte) y;
                row[o + 1] = (byte) u;
                row[o + 2] = (byte) v;
            } else {
                Color.ycc(y, u, v, row, o);
            }
        }
    }

    /**
     * CMYK or YCCK to RGB, as Pillow does it without a colour profile: RGB = (255 - ink) x (255 -
     * black) / 255. Adobe writes CMYK inverted (the stored value is 255 - ink), so with its APP14
     * marker the stored values are already 255 - ink. YCCK (Adobe transform 2) is CMYK whose
     * inverted C, M, Y went through the JFIF YCbCr transform; libjpeg turns the YCC part back and
     * complements it (C = 255 - R), which gives the same inverted form. Subsampled components are
     * replicated.
     */
    private void fourComponentRow(int r, byte[] row) {
        boolean inverted = adobeTransform >= 0;
        byte[] rgb = new byte[3];
        int[] rows = new int[4];
        for (int i = 0; i < 4; i++) {
            rows[i] = stripRow(comps[i], r);
        }
        byte[] s0 = comps[0].strip;
        byte[] s1 = comps[1].strip;
        byte[] s2 = comps[2].strip;
        byte[] s3 = comps[3].strip;
        int[] m0 = comps[0].colMap;
        int[] m1 = comps[1].colMap;
        int[] m2 = comps[2].colMap;
        int[] m3 = comps[3].colMap;
        for (int x = 0, o = 0; x < outWidth; x++, o += 3) {
            int a = s0[rows[0] + m0[x]] & 0xFF;
            int b = s1[rows[1] + m1[x]] & 0xFF;
            int c = s2[rows[2] + m2[x]] & 0xFF;
            int k = s3[rows[3] + m3[x]] & 0xFF;
            if (fourComponents == FourComponents.YCCK) {
                Color.ycc(a, b, c, rgb, 0); // libjpeg: C = 255 - R etc. (inverted ink), K as stored
                a = 255 - (rgb[0] & 0xFF);
                b = 255 - (rgb[1] & 0xFF);
                c = 255 - (rgb[2] & 0xFF);
            } else if (!inverted) {
                a = 255 - a;
                b = 255 - b;
                c = 255 - c;
                k = 255 - k;
            }
            // a, b, c, k are now 255 - ink
            row[o] = (byte) mul255(a, k);
            row[o + 1] = (byte) mul255(b, k);
            row[o + 2] = (byte) mul255(c, k);
        }
    }

    /** Where output row {@code r} of the MCU row starts in the component's strip. */
    private int stripRow(Component c, int r) {
        return r * c.v * c.unit / (maxV * unit) * c.blocksPerLine * c.unit;
    }

    /** a x b / 255, rounded (Pillow's MULDIV255). */
    private static int mul255(int a, int b) {
        int t = a * b + 128;
        return (t + (t >> 8)) >> 8;
    }

    /**
     * One output row of a half-width chroma component, interpolated 3:1 between its nearest samples
     * horizontally and, when it is also half height, vertically (libjpeg's h2v1/h2v2 fancy
     * upsampling). The row above a strip comes from the previous strip; the row below the last one
     * is not decoded yet, so that one row in 16 repeats its own samples instead.
     */
    private byte[] fancyLine(Component c, int r, int mcuRow) {
        int stride = c.blocksPerLine * c.unit;
        if (c.line == null) {
            c.line = new byte[outWidth + 1];
        }
        int rows = c.v * c.unit;
        int i = r * c.v / maxV;
        int base = i * stride;
        byte[] nb = c.strip;
        int nbBase = base;
        boolean vert = c.v * 2 == maxV;
        if (vert) {
            if ((r & 1) == 0) {
                if (i > 0) {
                    nbBase = base - stride;
                } else if (mcuRow > 0 && c.prevLast != null) {
                    nb = c.prevLast;
                    nbBase = 0;
                }
            } else if (i + 1 < rows) {
                nbBase = base + stride;
            }
        }
        byte[] cur = c.strip;
        int cw = (outWidth + 1) / 2;
        byte[] out = c.line;
        int prev = col(cur, base, nb, nbBase, 0, vert);
        int here = prev;
        for (int j = 0; j < cw; j++) {
            int next = j + 1 < stride ? col(cur, base, nb, nbBase, j + 1, vert) : here;
            if (j + 1 >= cw) {
                next = here;
            }
            // col() is 4x the sample: (3*here + prev) over 16 is the triangle filter
            out[2 * j] = (byte) ((3 * here + prev + 8) >> 4);
            out[2 * j + 1] = (byte) ((3 * here + next + 7) >> 4);
            prev = here;
            here = next;
        }
        return out;
    }

    /** 4x the chroma sample at column j: 3 parts this row, 1 part the neighbour row (or 4x, not vertical). */
    private static int col(byte[] cur, int base, byte[] nb, int nbBase, int j, boolean vert) {
        int a = cur[base + j] & 0xFF;
        return vert ? 3 * a + (nb[nbBase + j] & 0xFF) : 4 * a;
    }
}
