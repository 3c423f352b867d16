package org.trawl.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.testing.FaultServer;
import org.trawl.testing.S3Server;
import org.trawl.testing.TestImages;

/**
 * `-o s3://` on the packaged artifact (jar, or the native executable, where the AWS SDK's reflection and
 * resources must have made it into the image): credentials and endpoint from the environment as users
 * set them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL), against S3Proxy on 127.0.0.1.
 */
class S3IT {
    static S3Server s3;
    static FaultServer images;

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        s3 = S3Server.start("bucket");
        images = FaultServer.start();
        images.image("/a.jpg", TestImages.jpeg(37, 23, 1), "image/jpeg")
                .image("/b.jpg", TestImages.jpeg(40, 30, 2), "image/jpeg");
    }

    @AfterAll
    static void stop() throws Exception {
        images.close();
        s3.close();
    }

    Run launch(String secret, String... args) throws Exception {
        String launcher = System.getProperty("trawl.launcher", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>();
        if (launcher.endsWith(".jar")) {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-jar");
        }
        cmd.add(Path.of(launcher).toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("stdout-" + System.nanoTime());
        Path err = tmp.resolve("stderr-" + System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("AWS_"));
        e.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        e.put("AWS_SECRET_ACCESS_KEY", secret);
        e.put("AWS_REGION", "us-east-1");
        e.put("AWS_ENDPOINT_URL", s3.endpoint());
        e.put("AWS_CONFIG_FILE", tmp.resolve("no-config").toString());
        e.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString());
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished in time").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    String object(String key) throws Exception {
        try (InputStream in = s3.blobStore().getBlob("bucket", key).getPayload().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theArtifactWritesToTheBucketAndResumesFromAnotherSpool() throws Exception {
        Path list = tmp.resolve("l.csv");
        Files.writeString(
                list, "url,label,basename\n" + images.url("/a.jpg") + ",oak,a\n" + images.url("/b.jpg") + ",pine,b\n");
        Run r = launch(
                S3Server.SECRET_KEY,
                "urls",
                list.toString(),
                "-o",
                "s3://bucket/it",
                "--s3-path-style",
                "--spool",
                tmp.resolve("a").toString(),
                "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(s3.blobStore().blobExists("bucket", "it/oak/a.jpg")).isTrue();
        assertThat(s3.blobStore().blobExists("bucket", "it/pine/b.jpg")).isTrue();
        assertThat(s3.blobStore().blobExists("bucket", "it/.trawl/journal.jsonl"))
                .isTrue();
        assertThat(object("it/metadata.csv")).contains("oak/a.jpg").contains("pine/b.jpg");

        int hits = images.hits("/a.jpg") + images.hits("/b.jpg");
        Run again = launch(
                S3Server.SECRET_KEY,
                "urls",
                list.toString(),
                "-o",
                "s3://bucket/it",
                "--s3-path-style",
                "--spool",
                tmp.resolve("b").toString(),
                "-q");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(images.hits("/a.jpg") + images.hits("/b.jpg")).isEqualTo(hits);
    }

    @Test
    void aWrongKeyIsOneLine() throws Exception {
        Path list = tmp.resolve("l.csv");
        Files.writeString(list, "url,label\n" + images.url("/a.jpg") + ",oak\n");
        Run r = launch(
                "wrong-secret",
                "urls",
                list.toString(),
                "-o",
                "s3://bucket/wrong",
                "--s3-path-style",
                "--spool",
                tmp.resolve("w").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("s3:ListBucket").doesNotContain("wrong-secret");
    }
}
