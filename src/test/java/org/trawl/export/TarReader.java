package org.trawl.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the tars trawl writes, independent of the writer: every header's checksum,
 * magic, mode, owner and mtime are checked, pax {@code path}/{@code size} records are applied, and
 * the archive must end with two zero blocks inside a whole 10240-byte record.
 */
public final class TarReader {
    /** One member: its name (pax path if given), body, and the header's mtime/mode/uid/gid. */
    public record Entry(String name, byte[] body, long mtime, long mode, long uid, long gid) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private TarReader() {}

    public static List<Entry> read(Path file) throws IOException {
        byte[] t = Files.readAllBytes(file);
        if (t.length % 10240 != 0) {
            throw new IOException("not a whole number of 10240-byte records: " + t.length);
        }
        List<Entry> out = new ArrayList<>();
        Map<String, String> pax = null;
        int at = 0;
        while (true) {
            if (at + 512 > t.length) {
                throw new IOException("no end-of-archive blocks");
            }
            byte[] h = Arrays.copyOfRange(t, at, at + 512);
            if (allZero(h)) {
                if (at + 1024 > t.length || !allZero(Arrays.copyOfRange(t, at + 512, at + 1024))) {
                    throw new IOException("one zero block without its twin at " + at);
                }
                for (int i = at + 1024; i < t.length; i++) {
                    if (t[i] != 0) {
                        throw new IOException("data after the end of the archive");
                    }
                }
                return out;
            }
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
            }
            if (sum != octal(h, 148, 8)) {
                throw new IOException("bad header checksum at " + at);
            }
            if (!"ustar\00000".equals(new String(h, 257, 8, StandardCharsets.US_ASCII))) {
                throw new IOException("not a ustar header at " + at);
            }
            String name = cString(h, 0, 100);
            long size = octal(h, 124, 12);
            char type = (char) h[156];
            at += 512;
            if (pax != null && pax.containsKey("size")) {
                size = Long.parseLong(pax.get("size"));
            }
            byte[] body = Arrays.copyOfRange(t, at, (int) (at + size));
            at += (int) ((size + 511) / 512 * 512);
            if (type == 'x') {
                pax = parsePax(body);
                continue;
            }
            if (type != '0') {
                throw new IOException("unexpected entry type " + type);
            }
            if (pax != null && pax.containsKey("path")) {
                name = pax.get("path");
            }
            pax = null;
            out.add(new Entry(name, body, octal(h, 136, 12), octal(h, 100, 8), octal(h, 108, 8), octal(h, 116, 8)));
        }
    }

    /** Members grouped into WebDataset samples: key (up to the first dot of the name) → extension → body. */
    public static Map<String, Map<String, Entry>> samples(Path file) throws IOException {
        Map<String, Map<String, Entry>> s = new LinkedHashMap<>();
        for (Entry e : read(file)) {
            int dot = e.name().indexOf('.', e.name().lastIndexOf('/') + 1);
            s.computeIfAbsent(e.name().substring(0, dot), k -> new LinkedHashMap<>())
                    .put(e.name().substring(dot + 1), e);
        }
        return s;
    }

    private static Map<String, String> parsePax(byte[] body) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        int i = 0;
        while (i < body.length) {
            int space = i;
            while (body[space] != ' ') {
                space++;
            }
            int len = Integer.parseInt(new String(body, i, space - i, StandardCharsets.US_ASCII));
            String rec = new String(body, space + 1, len - (space - i) - 2, StandardCharsets.UTF_8);
            if (body[i + len - 1] != '\n') {
                throw new IOException("pax record length is wrong: " + rec);
            }
            int eq = rec.indexOf('=');
            m.put(rec.substring(0, eq), rec.substring(eq + 1));
            i += len;
        }
        return m;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] h, int at, int len) {
        int end = at;
        while (end < at + len && h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int at, int len) {
        String s = cString(h, at, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }
}
