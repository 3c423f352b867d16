package org.trawl.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} on any S3-compatible store through the AWS SDK v2, credentials from the default
 * AWS chain (environment, profile, web identity, container and instance metadata).
 *
 * <p>Each request carries Content-MD5 and the SDK's own CRC trailers are turned off
 * (checksum calculation "when required"): every S3-compatible store (GCS's XML API, MinIO, Ceph) checks
 * Content-MD5, while the newer aws-chunked CRC trailers are not understood by all of them.
 */
public final class S3ObjectStore implements ObjectStore {
    /** Objects above this go up as a multipart upload, in parts of this size (S3's minimum part is 5 MiB). */
    static final long MULTIPART_THRESHOLD = 64L << 20;

    static final int PART_SIZE = 16 << 20;

    private final S3Client s3;
    private final S3Location at;

    private S3ObjectStore(S3Client s3, S3Location at) {
        this.s3 = s3;
        this.at = at;
    }

    /**
     * A client for {@code at}.
     *
     * @param endpoint --s3-endpoint, or null for AWS_ENDPOINT_URL / the SDK's own
     * @param pathStyle --s3-path-style
     */
    public static S3ObjectStore open(S3Location at, String endpoint, boolean pathStyle) {
        S3ClientBuilder b = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .forcePathStyle(pathStyle)
                .region(region());
        if (endpoint != null && !endpoint.isBlank()) {
            URI uri;
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw TrawlException.usage("--s3-endpoint " + endpoint + " is not a URL");
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw TrawlException.usage("--s3-endpoint " + endpoint + " is not an http(s) URL");
            }
            b.endpointOverride(uri);
        }
        try {
            return new S3ObjectStore(b.build(), at);
        } catch (SdkClientException e) {
            throw new TrawlException(ExitCode.USAGE, "s3: " + firstLine(e.getMessage()));
        }
    }

    /** The chain's region (AWS_REGION, profile, instance), else us-east-1, which S3-compatible stores accept. */
    private static Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1;
        }
    }

    /**
     * Fails with one line when the bucket is missing or the key may not list it: called before a run
     * starts, so a wrong key or bucket stops it before anything is downloaded.
     */
    public void check() {
        call(
                "s3:ListBucket",
                "",
                () -> s3.listObjectsV2(
                        r -> r.bucket(at.bucket()).prefix(at.prefix()).maxKeys(1)));
    }

    @Override
    public void put(String name, Path file) {
        String key = at.key(name);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw TrawlException.fatal("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (size > MULTIPART_THRESHOLD) {
            putMultipart(key, file, size);
            return;
        }
        String md5 = base64Md5(file, 0, size);
        call(
                "s3:PutObject",
                key,
                () -> s3.putObject(
                        r -> r.bucket(at.bucket()).key(key).contentMD5(md5).contentLength(size),
                        RequestBody.fromFile(file)));
    }

    private void putMultipart(String key, Path file, long size) {
        String id = call(
                        "s3:PutObject",
                        key,
                        () -> s3.createMultipartUpload(
                                r -> r.bucket(at.bucket()).key(key)))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int n = 1;
            for (long off = 0; off < size; off += PART_SIZE, n++) {
                long len = Math.min(PART_SIZE, size - off);
                byte[] body = read(file, off, (int) len);
                String md5 = Base64.getEncoder().encodeToString(md5().digest(body));
                int part = n;
                String etag = call(
                                "s3:PutObject",
                                key,
                                () -> s3.uploadPart(
                                        r -> r.bucket(at.bucket())
                                                .key(key)
                                                .uploadId(id)
                                                .partNumber(part)
                                                .contentMD5(md5)
                                                .contentLength(len),
                                        RequestBody.fromBytes(body)))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
            }
            call(
                    "s3:PutObject",
                    key,
                    () -> s3.completeMultipartUpload(r -> r.bucket(at.bucket())
                            .key(key)
                            .uploadId(id)
                            .multipartUpload(CompletedMultipartUpload.builder()
                                    .parts(parts)
                                    .build())));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(at.bucket()).key(key).uploadId(id));
            } catch (RuntimeException ignored) {
                // the next run's abortUnfinishedUploads sweeps it
            }
            throw e;
        }
    }

    @Override
    public Optional<ObjectInfo> head(String name) {
        String key = at.key(name);
        try {
            HeadObjectResponse h = s3.headObject(r -> r.bucket(at.bucket()).key(key));
            return Optional.of(new ObjectInfo(name, h.contentLength(), md5OfEtag(h.eTag())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw refused("s3:GetObject", key, e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    @Override
    public List<ObjectInfo> list(String namePrefix) {
        String p = at.key(namePrefix);
        List<ObjectInfo> out = new ArrayList<>();
        call("s3:ListBucket", p, () -> {
            for (S3Object o : s3.listObjectsV2Paginator(
                            r -> r.bucket(at.bucket()).prefix(p))
                    .contents()) {
                out.add(new ObjectInfo(o.key().substring(at.prefix().length()), o.size(), md5OfEtag(o.eTag())));
            }
            return null;
        });
        return out;
    }

    @Override
    public void get(String name, Path to) {
        String key = at.key(name);
        Path aside = to.resolveSibling(to.getFileName() + ".get");
        call("s3:GetObject", key, () -> {
            try (InputStream in = s3.getObject(r -> r.bucket(at.bucket()).key(key))) {
                Files.createDirectories(to.getParent());
                Files.copy(in, aside, StandardCopyOption.REPLACE_EXISTING);
                Files.move(aside, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw TrawlException.fatal("cannot write " + to + ": " + e.getMessage(), e);
            }
            return null;
        });
    }

    @Override
    public int abortUnfinishedUploads(String namePrefix) {
        String p = at.key(namePrefix);
        int[] n = {0};
        call("s3:ListBucketMultipartUploads", p, () -> {
            for (MultipartUpload u : s3.listMultipartUploadsPaginator(
                            r -> r.bucket(at.bucket()).prefix(p))
                    .uploads()) {
                s3.abortMultipartUpload(r -> r.bucket(at.bucket()).key(u.key()).uploadId(u.uploadId()));
                n[0]++;
            }
            return null;
        });
        return n[0];
    }

    @Override
    public void close() {
        s3.close();
    }

    /** Runs one request, turning the store's refusals into one line naming the permission it needed. */
    private <T> T call(String permission, String key, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (S3Exception e) {
            throw refused(permission, key, e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    private TrawlException refused(String permission, String key, S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String where = "s3://" + at.bucket() + "/" + key;
        if ("NoSuchBucket".equals(code) || (e.statusCode() == 404 && key.equals(at.prefix()))) {
            return TrawlException.usage(
                    "the bucket " + at.bucket() + " does not exist (or this endpoint does not know it)");
        }
        if (e.statusCode() == 403) {
            String why = code == null ? "access denied" : code;
            return TrawlException.usage(
                    where + ": " + why + ": the credentials lack " + permission + " (or are wrong) on " + at.bucket());
        }
        return TrawlException.fatal(
                where + ": the store answered " + e.statusCode() + (code == null ? "" : " " + code), e);
    }

    private static TrawlException unreachable(SdkClientException e) {
        return TrawlException.fatal("s3: " + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "request failed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** An ETag is the MD5 of a single-PUT object; a multipart one ("...-N") is not, and gives null. */
    static String md5OfEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.replace("\"", "");
        return e.matches("[0-9a-fA-F]{32}") ? e.toLowerCase(java.util.Locale.ROOT) : null;
    }

    private static String base64Md5(Path file, long off, long len) {
        MessageDigest md = md5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw TrawlException.fatal("cannot read " + file + ": " + e.getMessage(), e);
        }
        return Base64.getEncoder().encodeToString(md.digest());
    }

    private static byte[] read(Path file, long off, int len) {
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(len);
            while (buf.hasRemaining()) {
                if (ch.read(buf, off + buf.position()) < 0) {
                    throw new IOException("file shrank while uploading");
                }
            }
            return buf.array();
        } catch (IOException e) {
            throw TrawlException.fatal("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
