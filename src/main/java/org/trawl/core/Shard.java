package org.trawl.core;

import java.util.Map;
import org.trawl.internal.Hashes;

/**
 * Which slice of the items this process takes: index in [0, count). An item belongs to the shard
 * given by a hash of its key, so shards never overlap and need no coordination.
 */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(0, 1);

    public boolean isWhole() {
        return count == 1;
    }

    public boolean owns(String key) {
        return indexOf(key) == index;
    }

    /** The shard of this count that owns key. */
    public int indexOf(String key) {
        if (count == 1) {
            return 0;
        }
        return (int) (Hashes.unitInterval(0x5eed, key) * count);
    }

    /** Parses "I/N" (0-based I). */
    public static Shard parse(String spec) {
        String[] p = spec.trim().split("/");
        try {
            if (p.length == 2) {
                int i = Integer.parseInt(p[0].trim()), n = Integer.parseInt(p[1].trim());
                if (n >= 1 && i >= 0 && i < n) {
                    return new Shard(i, n);
                }
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw TrawlException.usage("--shard must be I/N with 0 <= I < N (0-based), got '" + spec + "'");
    }

    /**
     * The shard a cluster scheduler assigned: a Slurm job array (SLURM_ARRAY_TASK_ID, made 0-based with
     * SLURM_ARRAY_TASK_MIN, over SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job
     * (JOB_COMPLETION_INDEX over TRAWL_SHARD_COUNT, since Kubernetes does not export the completions count).
     */
    public static Shard fromEnvironment(Map<String, String> env) {
        String id = env.get("SLURM_ARRAY_TASK_ID"), count = env.get("SLURM_ARRAY_TASK_COUNT");
        if (id != null && count != null) {
            int min = Integer.parseInt(
                    env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0").trim());
            return parse((Integer.parseInt(id.trim()) - min) + "/" + count.trim());
        }
        String k8s = env.get("JOB_COMPLETION_INDEX"), k8sCount = env.get("TRAWL_SHARD_COUNT");
        if (k8s != null && k8sCount != null) {
            return parse(k8s.trim() + "/" + k8sCount.trim());
        }
        return WHOLE;
    }
}
