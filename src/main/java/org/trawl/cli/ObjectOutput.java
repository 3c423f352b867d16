package org.trawl.cli;

import java.nio.file.Path;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.Shard;
import org.trawl.store.S3Location;
import org.trawl.store.S3ObjectStore;
import org.trawl.store.Spool;

/**
 * An {@code -o s3://BUCKET/PREFIX} run: before the job, the bucket and the key are checked (a wrong one
 * stops the run with one line) and the bucket's state is brought into the spool; the job then runs on
 * the spool as on a folder, and {@link #finish} uploads it, the state last. Nothing of this exists for
 * a local output.
 */
final class ObjectOutput {
    private final S3Location at;
    private final S3ObjectStore store;
    private final Spool spool;
    private final String ownState;

    private ObjectOutput(S3Location at, S3ObjectStore store, Spool spool, String ownState) {
        this.at = at;
        this.store = store;
        this.spool = spool;
        this.ownState = ownState;
    }

    static ObjectOutput open(OutputMixin o, Shard shard, boolean everything) {
        S3Location at = S3Location.parse(o.output);
        String endpoint = o.s3Endpoint != null ? o.s3Endpoint : endpointFromEnvironment();
        S3ObjectStore store = S3ObjectStore.open(at, endpoint, o.s3PathStyle);
        try {
            store.check();
            String shardName = shard.isWhole() ? null : shard.index() + "-of-" + shard.count();
            Spool spool = Spool.open(o.spool, at, shardName);
            spool.pull(store, everything);
            String own = Path.of("")
                    .relativize(StateLayout.storeDir(Path.of(""), shard))
                    .toString()
                    .replace('\\', '/');
            return new ObjectOutput(at, store, spool, own);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static String endpointFromEnvironment() {
        String s3 = System.getenv("AWS_ENDPOINT_URL_S3");
        return s3 != null && !s3.isBlank() ? s3 : System.getenv("AWS_ENDPOINT_URL");
    }

    Path spool() {
        return spool.dir();
    }

    /** Uploads the spool (see {@link Spool#push}). */
    void upload() {
        spool.push(store, ownState);
    }

    void close() {
        store.close();
    }

    @Override
    public String toString() {
        return at.toString();
    }
}
