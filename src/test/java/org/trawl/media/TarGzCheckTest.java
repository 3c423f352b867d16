package org.trawl.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.TestImages;
import org.trawl.testing.TestMedia;

/** A series archive counts as whole only with a whole gzip stream around a tar whose headers chain to its end. */
class TarGzCheckTest {
    @TempDir
    Path tmp;

    static byte[] series() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("series/0001.jpg", TestImages.jpeg(40, 30, 1));
        m.put("series/0002.jpg", TestImages.jpeg(40, 30, 2));
        m.put("series/notes.txt", new byte[] {'o', 'k'});
        return TestMedia.tarGz(m);
    }

    String problem(byte[] body) throws Exception {
        Path f = tmp.resolve("s.tar.gz");
        Files.write(f, body);
        return TarGzCheck.problem(f);
    }

    @Test
    void aWholeArchivePassesAndIsSniffedAsGzip() throws Exception {
        byte[] body = series();
        assertThat(problem(body)).isNull();
        assertThat(MediaSniffer.sniff(body, 64)).contains(MediaFormat.TAR_GZ);
    }

    @Test
    void aCutArchiveFails() throws Exception {
        byte[] body = series();
        assertThat(problem(Arrays.copyOf(body, body.length / 2))).startsWith("tar.gz cut short");
        assertThat(problem(Arrays.copyOf(body, body.length - 4))).startsWith("tar.gz");
    }

    @Test
    void gzipAroundSomethingElseThanATarFails() throws Exception {
        byte[] notTar = gzip(TestImages.jpeg(40, 30, 3));
        assertThat(problem(notTar)).isEqualTo("tar.gz whose entry 1 has a bad header checksum");
    }

    @Test
    void aBrokenGzipStreamFails() throws Exception {
        byte[] body = series();
        body[body.length / 2] ^= 0x5A;
        assertThat(problem(body)).startsWith("tar.gz");
    }

    private static byte[] gzip(byte[] b) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }
}
