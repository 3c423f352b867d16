package org.trawl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trawl.core.TrawlException;
import org.trawl.testing.S3Server;

/** The object store against a real S3 server (S3Proxy) on 127.0.0.1. */
class S3ObjectStoreTest {
    static S3Server server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start("bucket");
        S3TestCredentials.use(S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        S3TestCredentials.clear();
    }

    @Test
    void putHeadListGetKeepTheLayoutUnderThePrefix() throws Exception {
        Path f = Files.write(tmp.resolve("a.jpg"), "hello, bucket".getBytes());
        try (S3ObjectStore store =
                S3ObjectStore.open(S3Location.parse("s3://bucket/runs/one"), server.endpoint(), true)) {
            store.check();
            store.put("cat/a.jpg", f);
            assertThat(server.blobStore().blobExists("bucket", "runs/one/cat/a.jpg"))
                    .isTrue();
            ObjectStore.ObjectInfo info = store.head("cat/a.jpg").orElseThrow();
            assertThat(info.size()).isEqualTo(13);
            assertThat(info.md5Hex()).isEqualTo(md5Hex("hello, bucket".getBytes()));
            assertThat(store.head("cat/b.jpg")).isEmpty();
            assertThat(store.list("cat/"))
                    .extracting(ObjectStore.ObjectInfo::name)
                    .containsExactly("cat/a.jpg");
            Path back = tmp.resolve("back/a.jpg");
            store.get("cat/a.jpg", back);
            assertThat(Files.readString(back)).isEqualTo("hello, bucket");
            assertThat(store.abortUnfinishedUploads("")).isZero();
        }
    }

    @Test
    void aMissingBucketIsOneLine() {
        try (S3ObjectStore store =
                S3ObjectStore.open(S3Location.parse("s3://no-such-bucket/x"), server.endpoint(), true)) {
            assertThatThrownBy(store::check)
                    .isInstanceOf(TrawlException.class)
                    .hasMessage("the bucket no-such-bucket does not exist (or this endpoint does not know it)");
        }
    }

    @Test
    void aWrongKeyNamesThePermission() {
        S3TestCredentials.use(S3Server.ACCESS_KEY, "wrong-secret");
        try (S3ObjectStore store = S3ObjectStore.open(S3Location.parse("s3://bucket/x"), server.endpoint(), true)) {
            assertThatThrownBy(store::check)
                    .isInstanceOf(TrawlException.class)
                    .hasMessageContaining("lack s3:ListBucket")
                    .hasMessageNotContaining("wrong-secret");
        } finally {
            S3TestCredentials.use(S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
        }
    }

    @Test
    void aBadOutputIsAUsageError() {
        assertThatThrownBy(() -> S3Location.parse("s3://B/x")).hasMessageContaining("names no valid bucket");
        assertThat(S3Location.parse("s3://bkt").prefix()).isEmpty();
        assertThat(S3Location.parse("s3://bkt/a/b").key("c.jpg")).isEqualTo("a/b/c.jpg");
    }

    static String md5Hex(byte[] b) throws Exception {
        return S3ObjectStore.hex(java.security.MessageDigest.getInstance("MD5").digest(b));
    }
}
