package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.ExitCode;
import org.trawl.store.S3TestCredentials;
import org.trawl.testing.FaultServer;
import org.trawl.testing.S3Server;
import org.trawl.testing.TestImages;

/** `-o s3://BUCKET/PREFIX` end to end against a real S3 server (S3Proxy) and the loopback image server. */
@QuarkusMainTest
class S3OutputTest {
    static final String JPEG = "image/jpeg";
    static S3Server s3;
    FaultServer images;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3Server.start("bucket");
        S3TestCredentials.use(S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        S3TestCredentials.clear();
    }

    @BeforeEach
    void start() {
        images = FaultServer.start();
    }

    @AfterEach
    void stop() {
        images.close();
    }

    Path urlList() throws Exception {
        images.image("/a.jpg", TestImages.jpeg(37, 23, 1), JPEG)
                .image("/b.jpg", TestImages.jpeg(40, 30, 2), JPEG)
                .image("/c.jpg", TestImages.jpeg(41, 31, 3), JPEG)
                .status("/gone.jpg", 404, "no");
        Path l = tmp.resolve("l.csv");
        Files.writeString(
                l,
                "url,label,basename\n" + images.url("/a.jpg") + ",oak,a\n" + images.url("/b.jpg") + ",oak,b\n"
                        + images.url("/c.jpg") + ",pine,c\n" + images.url("/gone.jpg") + ",pine,gone\n");
        return l;
    }

    LaunchResult toS3(QuarkusMainLauncher launcher, Path list, String prefix, Path spool, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "urls",
                list.toString(),
                "-o",
                "s3://bucket/" + prefix,
                "--s3-endpoint",
                s3.endpoint(),
                "--s3-path-style",
                "--spool",
                spool.toString(),
                "-q"));
        a.addAll(List.of(more));
        return launcher.launch(a.toArray(String[]::new));
    }

    List<String> objects(String prefix) {
        List<String> names = new ArrayList<>();
        for (StorageMetadata m : s3.blobStore()
                .list("bucket", ListContainerOptions.Builder.prefix(prefix).recursive())) {
            names.add(m.getName().substring(prefix.length()));
        }
        return names;
    }

    String object(String key) throws Exception {
        try (InputStream in = s3.blobStore().getBlob("bucket", key).getPayload().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRunLandsInTheBucketWithTheDiskLayoutAndResumesFromAnotherSpool(QuarkusMainLauncher launcher)
            throws Exception {
        Path list = urlList();
        LaunchResult first = toS3(launcher, list, "ds/one", tmp.resolve("node-a"));
        assertThat(first.exitCode()).as(first.getErrorOutput()).isEqualTo(ExitCode.PARTIAL);
        assertThat(objects("ds/one/"))
                .contains(
                        "oak/a.jpg", "oak/b.jpg", "pine/c.jpg", "metadata.csv", "failures.csv", ".trawl/journal.jsonl")
                .noneMatch(n -> n.endsWith(".part") || n.endsWith(".lock"));
        // the spool keeps no image once the store has it
        try (Stream<Path> s = Files.walk(tmp.resolve("node-a"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".jpg"))).isEmpty();
        }
        // the same tables as a run to a local folder
        LaunchResult local = launcher.launch(
                "urls", list.toString(), "-o", tmp.resolve("local").toString(), "-q");
        assertThat(local.exitCode()).isEqualTo(ExitCode.PARTIAL);
        assertThat(object("ds/one/metadata.csv")).isEqualTo(Files.readString(tmp.resolve("local/metadata.csv")));

        // another node: a fresh spool, the state read from the bucket; no finished item is fetched again
        int a = images.hits("/a.jpg"), b = images.hits("/b.jpg"), c = images.hits("/c.jpg");
        LaunchResult again = toS3(launcher, list, "ds/one", tmp.resolve("node-b"));
        assertThat(again.exitCode()).as(again.getErrorOutput()).isEqualTo(ExitCode.PARTIAL);
        assertThat(images.hits("/a.jpg")).isEqualTo(a);
        assertThat(images.hits("/b.jpg")).isEqualTo(b);
        assertThat(images.hits("/c.jpg")).isEqualTo(c);
        assertThat(object("ds/one/metadata.csv")).isEqualTo(Files.readString(tmp.resolve("local/metadata.csv")));
    }

    @Test
    void aWrongKeyIsOneLineNamingThePermission(QuarkusMainLauncher launcher) throws Exception {
        Path list = urlList();
        S3TestCredentials.use(S3Server.ACCESS_KEY, "not-the-secret");
        try {
            LaunchResult r = toS3(launcher, list, "ds/wrong", tmp.resolve("spool"));
            assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(r.getErrorOutput().strip().lines()).hasSize(1);
            assertThat(r.getErrorOutput())
                    .contains("s3:ListBucket")
                    .doesNotContain("not-the-secret")
                    .doesNotContain("Exception");
            assertThat(images.hits("/a.jpg")).isZero();
        } finally {
            S3TestCredentials.use(S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
        }
    }

    @Test
    void aMissingBucketIsOneLine(QuarkusMainLauncher launcher) throws Exception {
        Path list = urlList();
        LaunchResult r = launcher.launch(
                "urls",
                list.toString(),
                "-o",
                "s3://no-such-bucket/x",
                "--s3-endpoint",
                s3.endpoint(),
                "--s3-path-style",
                "--spool",
                tmp.resolve("spool").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.getErrorOutput().strip())
                .isEqualTo("trawl: the bucket no-such-bucket does not exist (or this endpoint does not know it)");
    }
}
