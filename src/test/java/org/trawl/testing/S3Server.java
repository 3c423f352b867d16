package org.trawl.testing;

import java.net.URI;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server on 127.0.0.1 for the s3:// tests: S3Proxy over jclouds' in-memory ("transient")
 * backend, started in the test JVM. Chosen over npm s3rver because it starts in well under a second
 * without a second runtime or an install step in .ci/run, and it checks SigV4 signatures and Content-MD5
 * as a real store does. A wrong key is refused with 403, like S3.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "trawl-test-access";
    public static final String SECRET_KEY = "trawl-test-secret";

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    private S3Server(S3Proxy proxy, BlobStoreContext context) {
        this.proxy = proxy;
        this.context = context;
    }

    /** Starts a server on a free port with the given buckets already made. */
    public static S3Server start(String... buckets) throws Exception {
        Properties props = new Properties();
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(props)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        S3Server server = new S3Server(proxy, context);
        for (String b : buckets) {
            server.blobStore().createContainerInLocation(null, b);
        }
        return server;
    }

    /** http://127.0.0.1:PORT, for --s3-endpoint. */
    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** The backend, for a test to look at what landed (names, sizes, contents). */
    public BlobStore blobStore() {
        return context.getBlobStore();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
