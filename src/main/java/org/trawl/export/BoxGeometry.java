package org.trawl.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.core.Box;

/**
 * Brings a source's boxes (in the pixels of the image as served) onto the file on disk when a
 * transform rewrote it: first the EXIF orientation the transform applied to the pixels, then the
 * scale from the served size to the stored size, then the offset of a crop or pad (a box is clipped to the
 * stored image, and left out when nothing of it is left). Without those record fields the boxes are kept.
 */
public final class BoxGeometry {
    private BoxGeometry() {}

    /**
     * @param fields       the record's fields (source_width, source_height, exif_orientation_applied), or null
     * @param storedWidth  the width of the file on disk
     * @param storedHeight its height
     */
    public static List<Box> onStoredImage(
            List<Box> boxes, Map<String, String> fields, int storedWidth, int storedHeight) {
        if (boxes.isEmpty() || fields == null || storedWidth <= 0 || storedHeight <= 0) {
            return boxes;
        }
        int orientation = intOf(fields.get(ItemRecord.ORIENTATION_APPLIED), 1);
        int sw = intOf(fields.get(ItemRecord.SOURCE_WIDTH), -1);
        int sh = intOf(fields.get(ItemRecord.SOURCE_HEIGHT), -1);
        boolean swaps = orientation >= 5 && orientation <= 8;
        if (sw <= 0 || sh <= 0) {
            if (orientation == 1) {
                return boxes;
            }
            // orientation applied without a resize: the served size is the stored one, turned back
            sw = swaps ? storedHeight : storedWidth;
            sh = swaps ? storedWidth : storedHeight;
        }
        double orientedW = swaps ? sh : sw, orientedH = swaps ? sw : sh;
        // a crop or pad: the picture was scaled to resized_width x resized_height and placed at the offset
        int rw = intOf(fields.get(ItemRecord.RESIZED_WIDTH), -1), rh = intOf(fields.get(ItemRecord.RESIZED_HEIGHT), -1);
        boolean placed = rw > 0 && rh > 0;
        double scaledW = placed ? rw : storedWidth, scaledH = placed ? rh : storedHeight;
        double ox = placed ? intOf(fields.get(ItemRecord.OFFSET_X), 0) : 0;
        double oy = placed ? intOf(fields.get(ItemRecord.OFFSET_Y), 0) : 0;
        double sx = scaledW / orientedW, sy = scaledH / orientedH;
        List<Box> out = new ArrayList<>(boxes.size());
        for (Box b : boxes) {
            Box o = orient(b, orientation, sw, sh);
            if (!placed) {
                out.add(new Box(
                        o.label(), o.x() * sx, o.y() * sy, o.width() * sx, o.height() * sy, o.id(), o.fields()));
                continue;
            }
            double x0 = Math.max(0, o.x() * sx + ox), y0 = Math.max(0, o.y() * sy + oy);
            double x1 = Math.min(storedWidth, (o.x() + o.width()) * sx + ox);
            double y1 = Math.min(storedHeight, (o.y() + o.height()) * sy + oy);
            if (x1 > x0 && y1 > y0) { // else wholly outside the crop: not on this image any more
                out.add(new Box(o.label(), x0, y0, x1 - x0, y1 - y0, o.id(), o.fields()));
            }
        }
        return out;
    }

    /**
     * A box in a W×H image after the EXIF orientation is applied to the pixels (the transform that
     * makes the image display upright): 2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90
     * clockwise, 7 transverse, 8 rotate 90 anticlockwise.
     */
    static Box orient(Box b, int orientation, double w, double h) {
        double x = b.x(), y = b.y(), bw = b.width(), bh = b.height();
        double nx, ny, nw = bw, nh = bh;
        switch (orientation) {
            case 2 -> {
                nx = w - x - bw;
                ny = y;
            }
            case 3 -> {
                nx = w - x - bw;
                ny = h - y - bh;
            }
            case 4 -> {
                nx = x;
                ny = h - y - bh;
            }
            case 5 -> {
                nx = y;
                ny = x;
                nw = bh;
                nh = bw;
            }
            case 6 -> {
                nx = h - y - bh;
                ny = x;
                nw = bh;
                nh = bw;
            }
            case 7 -> {
                nx = h - y - bh;
                ny = w - x - bw;
                nw = bh;
                nh = bw;
            }
            case 8 -> {
                nx = y;
                ny = w - x - bw;
                nw = bh;
                nh = bw;
            }
            default -> {
                return b;
            }
        }
        return new Box(b.label(), nx, ny, nw, nh, b.id(), b.fields());
    }

    private static int intOf(String s, int dflt) {
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
