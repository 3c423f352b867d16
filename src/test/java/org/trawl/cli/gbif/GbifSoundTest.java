package org.trawl.cli.gbif;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.internal.Csv;
import org.trawl.testing.GbifFake;
import org.trawl.testing.TestMedia;

/**
 * A demo-sized bioacoustics dataset: `gbif search --media-type Sound` against the GBIF fake, whose occurrences
 * carry Sound media (as xeno-canto's and Macaulay's do) served with real audio headers, one of them an error page
 * served as audio/mpeg, and an occurrence with a photo only.
 */
@QuarkusMainTest
class GbifSoundTest {
    GbifFake gbif;

    @TempDir
    Path tmp;

    /** name → (species, body, Content-Type) */
    final Map<String, Object[]> recordings = new LinkedHashMap<>();

    @BeforeEach
    void start() {
        gbif = GbifFake.start();
        recordings.put("XC101.wav", new Object[] {"Turdus merula", TestMedia.wav(22050, 1, 44100), "audio/x-wav"});
        recordings.put("XC102", new Object[] {"Turdus merula", TestMedia.flac(48000, 2, 144000), "audio/flac"});
        recordings.put("XC103.mp3", new Object[] {"Erithacus rubecula", TestMedia.mp3(44100, true), "audio/mpeg"});
        recordings.put("ML104", new Object[] {"Erithacus rubecula", TestMedia.oggVorbis(32000, 2), "audio/ogg"});
        recordings.put("ML105.mp3", new Object[] {
            "Erithacus rubecula",
            "<!DOCTYPE html><html><body>This recording is no longer available</body></html>"
                    .getBytes(StandardCharsets.UTF_8),
            "audio/mpeg"
        });
        int key = 1000;
        for (Map.Entry<String, Object[]> e : recordings.entrySet()) {
            String url = "http://127.0.0.1:" + gbif.wm().port() + "/snd/" + e.getKey();
            gbif.wm()
                    .stubFor(get(urlPathEqualTo("/snd/" + e.getKey()))
                            .willReturn(aResponse()
                                    .withStatus(200)
                                    .withHeader("Content-Type", (String) e.getValue()[2])
                                    .withBody((byte[]) e.getValue()[1])));
            gbif.occurrences.add(occurrence(++key, (String) e.getValue()[0], "Sound", url));
        }
        // a photo only: --media-type Sound neither asks for it nor downloads it
        gbif.occurrences.add(occurrence(
                ++key,
                "Turdus merula",
                "StillImage",
                "http://127.0.0.1:" + gbif.wm().port() + "/img/photo.jpg"));
    }

    ObjectNode occurrence(int key, String species, String type, String url) {
        ObjectNode o = GbifFake.JSON.createObjectNode();
        o.put("key", key)
                .put("gbifID", String.valueOf(key))
                .put("taxonKey", 2490719)
                .put("species", species);
        o.put("datasetKey", "b1047888-ae52-4179-9dd5-5448ea342a24").put("license", "CC_BY_4_0");
        ObjectNode m = o.putArray("media").addObject();
        m.put("type", type).put("identifier", url).put("creator", "recordist " + key);
        m.put("license", "http://creativecommons.org/licenses/by/4.0/");
        return o;
    }

    @AfterEach
    void stop() {
        gbif.close();
    }

    @Test
    void aSoundRunKeepsTheRecordingsUnderTheirOwnExtensionsWithWhatTheirHeadersTell(QuarkusMainLauncher launcher)
            throws Exception {
        Path out = tmp.resolve("birdsong");

        LaunchResult r = launcher.launch(
                "gbif",
                "search",
                "taxonKey=2490719",
                "--media-type",
                "Sound",
                "--label",
                "species",
                "-o",
                out.toString(),
                "--gbif-api",
                gbif.api());

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(3); // the error page failed; a re-run retries
        assertThat(gbif.searches())
                .allSatisfy(q -> assertThat(q.get("mediaType")).containsExactly("Sound"));
        List<Map<String, String>> rows = table(out.resolve("metadata.csv"));
        assertThat(rows).hasSize(4);
        Map<String, Map<String, String>> byUrl = new LinkedHashMap<>();
        rows.forEach(row -> byUrl.put(row.get("url").replaceFirst(".*/snd/", ""), row));
        assertThat(byUrl.keySet()).containsExactlyInAnyOrder("XC101.wav", "XC102", "XC103.mp3", "ML104");
        // file extension, content type, family, duration, sample rate, channels
        assertRow(byUrl.get("XC101.wav"), "Turdus merula", ".wav", "audio/wav", "2.000", "22050", "1");
        assertRow(byUrl.get("XC102"), "Turdus merula", ".flac", "audio/flac", "3.000", "48000", "2");
        assertRow(byUrl.get("XC103.mp3"), "Erithacus rubecula", ".mp3", "audio/mpeg", "", "44100", "1");
        assertRow(byUrl.get("ML104"), "Erithacus rubecula", ".ogg", "audio/ogg", "", "32000", "2");
        for (Map<String, String> row : rows) {
            String name = row.get("url").replaceFirst(".*/snd/", "");
            assertThat(Files.readAllBytes(out.resolve(row.get("path"))))
                    .isEqualTo(recordings.get(name)[1]);
            assertThat(row.get("width")).isEmpty();
        }
        List<Map<String, String>> failures = table(out.resolve("failures.csv"));
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("url")).endsWith("/snd/ML105.mp3");
        assertThat(failures.get(0).get("reason")).isEqualTo("not audio: HTML page");
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".jpg") || n.endsWith(".part") || n.contains("ML105"));
        }
    }

    @Test
    void aStillImageRunRefusesSoundByItsContent(QuarkusMainLauncher launcher) throws Exception {
        Path list = tmp.resolve("list.txt");
        String base = "http://127.0.0.1:" + gbif.wm().port();
        Files.writeString(list, base + "/snd/XC101.wav\n" + base + "/img/photo.jpg\n");
        Path out = tmp.resolve("photos");

        LaunchResult r = launcher.launch("urls", list.toString(), "-o", out.toString());

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(3);
        assertThat(table(out.resolve("metadata.csv"))).singleElement().satisfies(row -> {
            assertThat(row.get("media_type")).isEqualTo("StillImage");
            assertThat(row.get("path")).endsWith(".jpg");
        });
        assertThat(table(out.resolve("failures.csv")).get(0).get("reason")).isEqualTo("not an image: WAV audio");
    }

    @Test
    void anyKeepsEveryFamilyAndTheImageExportsSkipTheSoundWithANote(QuarkusMainLauncher launcher) throws Exception {
        Path list = tmp.resolve("list.txt");
        String base = "http://127.0.0.1:" + gbif.wm().port();
        Files.writeString(list, base + "/snd/XC101.wav\n" + base + "/img/photo.jpg\n" + base + "/snd/XC102\n");
        Path out = tmp.resolve("mixed");

        LaunchResult r = launcher.launch(
                "urls", list.toString(), "--media-type", "any", "--export", "coco,csv", "-o", out.toString());

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(0);
        assertThat(table(out.resolve("metadata.csv")).stream().map(row -> row.get("media_type")))
                .containsExactlyInAnyOrder("Sound", "StillImage", "Sound");
        String coco = Files.readString(out.resolve("coco/all.json"));
        assertThat(coco).contains(".jpg").doesNotContain(".wav").doesNotContain(".flac");
        assertThat(r.getErrorOutput())
                .contains("trawl: 2 file(s) that are not images (sound, video, archives) left out of the coco, csv "
                        + "exports: they hold images only");
    }

    @Test
    void anUnknownMediaTypeIsOneLine(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("urls", tmp.resolve("none.txt").toString(), "--media-type", "Audio");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput())
                .contains("trawl: --media-type: unknown type 'Audio' (one of StillImage, Sound, MovingImage, any)")
                .doesNotContain("Exception");
    }

    private static void assertRow(
            Map<String, String> row, String label, String ext, String type, String duration, String rate, String ch) {
        assertThat(row.get("label")).isEqualTo(label);
        assertThat(row.get("path")).startsWith(label + "/").endsWith(ext);
        assertThat(row.get("content_type")).isEqualTo(type);
        assertThat(row.get("media_type")).isEqualTo("Sound");
        assertThat(row.get("duration_s")).isEqualTo(duration);
        assertThat(row.get("sample_rate")).isEqualTo(rate);
        assertThat(row.get("channels")).isEqualTo(ch);
    }

    static List<Map<String, String>> table(Path csv) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Csv.Reader in = new Csv.Reader(Files.newBufferedReader(csv, StandardCharsets.UTF_8), ',')) {
            List<String> head = in.next();
            for (List<String> v = in.next(); v != null; v = in.next()) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < head.size(); i++) {
                    m.put(head.get(i), i < v.size() && v.get(i) != null ? v.get(i) : "");
                }
                rows.add(m);
            }
        }
        return rows;
    }
}
