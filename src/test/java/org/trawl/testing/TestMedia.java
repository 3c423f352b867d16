package org.trawl.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Small sound and video files with the headers real encoders write (a few KB each): WAV from the JDK's own
 * writer, the others laid out by hand from their specifications, the payload after the header filled with a
 * seeded pattern. Enough for a sniffer and for the header's duration, rate and channels; not for a player.
 */
public final class TestMedia {
    private TestMedia() {}

    /** A PCM WAV written by javax.sound: 16-bit, of this many frames. */
    public static byte[] wav(int sampleRate, int channels, int frames) {
        AudioFormat f = new AudioFormat(sampleRate, 16, channels, true, false);
        byte[] pcm = new byte[frames * channels * 2];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) (i * 31);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            AudioSystem.write(
                    new AudioInputStream(new ByteArrayInputStream(pcm), f, frames), AudioFileFormat.Type.WAVE, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** "fLaC", a last STREAMINFO block (16-bit samples), then frame bytes. */
    public static byte[] flac(int sampleRate, int channels, long totalSamples) {
        ByteBuffer b = ByteBuffer.allocate(42 + 2000);
        b.put(ascii("fLaC"));
        b.put((byte) 0x80).put((byte) 0).put((byte) 0).put((byte) 34); // last block, STREAMINFO, 34 bytes
        b.putShort((short) 4096).putShort((short) 4096); // min/max block size
        b.put(new byte[] {0, 0, 16, 0, 0x30, 0}); // min/max frame size
        long packed = (long) sampleRate << 44 | (long) (channels - 1) << 41 | 15L << 36 | totalSamples;
        b.putLong(packed);
        b.put(new byte[16]); // MD5 of the audio
        b.put(new byte[] {(byte) 0xFF, (byte) 0xF8, 0x69, 0x08}); // a frame header's sync, then payload
        return fill(b);
    }

    /** An ID3v2.4 tag, then MPEG-1 Layer III frames (128 kbit/s, no padding). */
    public static byte[] mp3(int sampleRate, boolean mono) {
        int rateIndex = sampleRate == 44100 ? 0 : sampleRate == 48000 ? 1 : 2;
        int frame = 144 * 128_000 / sampleRate;
        ByteBuffer b = ByteBuffer.allocate(10 + 20 + 3 * frame);
        b.put(ascii("ID3")).put((byte) 4).put((byte) 0).put((byte) 0).put(new byte[] {0, 0, 0, 20});
        b.put(ascii("TIT2"))
                .put(new byte[] {0, 0, 0, 10, 0, 0, 3})
                .put(ascii("birdsong"))
                .put((byte) 0);
        for (int i = 0; i < 3; i++) {
            int start = b.position();
            b.put((byte) 0xFF)
                    .put((byte) 0xFB)
                    .put((byte) (9 << 4 | rateIndex << 2))
                    .put((byte) (mono ? 0xC4 : 0x44));
            b.position(start + frame);
        }
        return b.array();
    }

    /** ADTS AAC-LC frames of this many bytes each. */
    public static byte[] adts(int rateIndex, int channels) {
        int len = 400;
        ByteBuffer b = ByteBuffer.allocate(3 * len);
        for (int i = 0; i < 3; i++) {
            b.position(i * len);
            b.put((byte) 0xFF).put((byte) 0xF1);
            b.put((byte) (1 << 6 | rateIndex << 2 | channels >> 2));
            b.put((byte) ((channels & 3) << 6 | len >> 11));
            b.put((byte) (len >> 3 & 0xFF)).put((byte) ((len & 7) << 5 | 0x1F)).put((byte) 0xFC);
        }
        return b.array();
    }

    /** The first Ogg page with a Vorbis identification header. */
    public static byte[] oggVorbis(int sampleRate, int channels) {
        ByteBuffer p = le(30);
        p.put((byte) 1).put(ascii("vorbis")).putInt(0).put((byte) channels).putInt(sampleRate);
        p.putInt(0).putInt(128_000).putInt(0).put((byte) 0xB8).put((byte) 1);
        return oggPage(p.array());
    }

    /** The first Ogg page with an OpusHead. */
    public static byte[] oggOpus(int inputRate, int channels) {
        ByteBuffer p = le(19);
        p.put(ascii("OpusHead"))
                .put((byte) 1)
                .put((byte) channels)
                .putShort((short) 312)
                .putInt(inputRate);
        p.putShort((short) 0).put((byte) 0);
        return oggPage(p.array());
    }

    private static byte[] oggPage(byte[] packet) {
        ByteBuffer b = le(28 + packet.length + 1000);
        b.put(ascii("OggS"))
                .put((byte) 0)
                .put((byte) 2)
                .putLong(0)
                .putInt(0x1234)
                .putInt(0)
                .putInt(0);
        b.put((byte) 1).put((byte) packet.length).put(packet);
        return fill(b);
    }

    /** ftyp (this major brand), then a moov with mvhd and one track of this handler ("soun" or "vide"), then mdat. */
    public static byte[] isoBmff(String brand, String handler, int timescale, long duration, int width, int height) {
        byte[] mvhd = box(
                "mvhd", be(100).putInt(0).putInt(0).putInt(0).putInt(timescale).putInt((int) duration));
        ByteBuffer tk = be(84).putInt(0).position(76);
        tk.putInt(width << 16).putInt(height << 16);
        byte[] tkhd = box("tkhd", tk);
        byte[] hdlr = box("hdlr", be(25).putInt(0).putInt(0).put(ascii(handler)));
        ByteBuffer entry = be(36).putInt(36)
                .put(ascii(handler.equals("soun") ? "mp4a" : "avc1"))
                .position(24);
        entry.putShort((short) 2).putShort((short) 16).putInt(0).putInt(44100 << 16);
        byte[] stsd = box("stsd", be(8 + 36).putInt(0).putInt(1).put(entry.array()));
        byte[] stbl = box("stbl", stsd);
        byte[] minf = box("minf", stbl);
        byte[] mdia = box("mdia", hdlr, minf);
        byte[] trak = box("trak", tkhd, mdia);
        byte[] moov = box("moov", mvhd, trak);
        byte[] ftyp = box(
                "ftyp", be(16).put(ascii(brand)).putInt(0).put(ascii("isom")).put(ascii(brand)));
        byte[] mdat = box("mdat", new byte[2000]);
        return concat(ftyp, moov, mdat);
    }

    /** An EBML header with this DocType, then the start of a Segment. */
    public static byte[] ebml(String docType) {
        ByteBuffer body = be(64);
        body.put(new byte[] {0x42, (byte) 0x86, (byte) 0x81, 1}); // EBMLVersion 1
        body.put(new byte[] {0x42, (byte) 0xF7, (byte) 0x81, 1}); // EBMLReadVersion 1
        body.put(new byte[] {0x42, (byte) 0x82, (byte) (0x80 | docType.length())})
                .put(ascii(docType));
        int n = body.position();
        ByteBuffer b = be(5 + n + 2000);
        b.put(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) (0x80 | n)})
                .put(body.array(), 0, n);
        b.put(new byte[] {0x18, 0x53, (byte) 0x80, 0x67});
        return fill(b);
    }

    /** RIFF AVI with its main header: microseconds per frame, frames, width, height. */
    public static byte[] avi(int usPerFrame, int frames, int width, int height) {
        ByteBuffer b = le(4000);
        b.put(ascii("RIFF"))
                .putInt(3992)
                .put(ascii("AVI "))
                .put(ascii("LIST"))
                .putInt(192)
                .put(ascii("hdrl"));
        b.put(ascii("avih"))
                .putInt(56)
                .putInt(usPerFrame)
                .putInt(0)
                .putInt(0)
                .putInt(0x10)
                .putInt(frames);
        b.putInt(0).putInt(1).putInt(0).putInt(width).putInt(height);
        return fill(b);
    }

    /** MPEG transport stream packets: 0x47 every 188 bytes. */
    public static byte[] transportStream(int packets) {
        byte[] b = new byte[packets * 188];
        for (int i = 0; i < packets; i++) {
            b[i * 188] = 0x47;
            b[i * 188 + 1] = 0x40;
            b[i * 188 + 3] = 0x10;
        }
        return b;
    }

    /** A ustar archive of these entries, gzip-compressed, as tar czf writes it (end-of-archive blocks included). */
    public static byte[] tarGz(java.util.Map<String, byte[]> entries) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (java.util.Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] h = new byte[512];
            byte[] name = ascii(e.getKey());
            System.arraycopy(name, 0, h, 0, name.length);
            octal(h, 100, 8, 0644);
            octal(h, 108, 8, 0);
            octal(h, 116, 8, 0);
            octal(h, 124, 12, e.getValue().length);
            octal(h, 136, 12, 1_500_000_000L);
            h[156] = '0';
            System.arraycopy(ascii("ustar\0" + "00"), 0, h, 257, 8);
            java.util.Arrays.fill(h, 148, 156, (byte) ' ');
            long sum = 0;
            for (byte x : h) {
                sum += x & 0xFF;
            }
            octal(h, 148, 7, sum);
            tar.writeBytes(h);
            tar.writeBytes(e.getValue());
            tar.writeBytes(new byte[(512 - e.getValue().length % 512) % 512]);
        }
        tar.writeBytes(new byte[1024]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(tar.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = String.format("%0" + (len - 1) + "o", v);
        System.arraycopy(ascii(s), 0, h, off, len - 1);
    }

    static byte[] box(String type, ByteBuffer body) {
        return box(type, body.array());
    }

    static byte[] box(String type, byte[]... children) {
        byte[] body = concat(children);
        return ByteBuffer.allocate(8 + body.length)
                .putInt(8 + body.length)
                .put(ascii(type))
                .put(body)
                .array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static ByteBuffer be(int n) {
        return ByteBuffer.allocate(n);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The rest of the buffer as payload: a seeded pattern without sync bytes. */
    private static byte[] fill(ByteBuffer b) {
        byte[] a = b.array();
        for (int i = b.position(); i < a.length; i++) {
            a[i] = (byte) (i * 7 % 0x7F);
        }
        return a;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
