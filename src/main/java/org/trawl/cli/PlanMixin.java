package org.trawl.cli;

import java.util.Map;
import org.trawl.core.Shard;
import org.trawl.core.TrawlException;
import org.trawl.plan.PlanOptions;
import org.trawl.plan.SplitSpec;
import org.trawl.plan.emit.EmitTarget;
import picocli.CommandLine.Option;

/** Where items go: splits, grouping, shards, seed; and --dry-run. */
public class PlanMixin {
    @Option(
            names = "--split",
            paramLabel = "NAME=W,...",
            description = "Random subsets, e.g. train=0.8,test=0.2 (weights are normalised). Each item's subset "
                    + "is a seeded hash of its url or group, stable across runs and shards.")
    String split;

    @Option(
            names = "--group-by",
            paramLabel = "FIELD",
            description = "Keep items with the same value of FIELD in one subset (e.g. an occurrence or video id).")
    String groupBy;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "0",
            description = "Seed for splits and sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--shard",
            paramLabel = "I/N",
            description = "Take only shard I of N (0-based). Defaults from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT "
                    + "or JOB_COMPLETION_INDEX/TRAWL_SHARD_COUNT. Shards write into one output folder without overlap.")
    String shard;

    @Option(
            names = "--dry-run",
            description =
                    "Plan only: print counts per label and subset, and the bytes to download where the source states "
                            + "them (som get); download nothing.")
    boolean dryRun;

    @Option(
            names = "--emit-plan",
            paramLabel = "FILE",
            converter = EmitTargetConverter.class,
            description = "Write the whole plan (url, label, subset, path, basename, shard, stream, source, source_id, "
                    + "license, rights_holder and every metadata column) to FILE before any download: .csv, "
                    + ".jsonl or .parquet (JVM build only) by extension, or - for JSON Lines on stdout (the run's report then goes to stderr). "
                    + "With --dry-run nothing else is written. `trawl urls FILE` reads it back as the same dataset.")
    EmitTarget emitPlan;

    public PlanOptions toPlanOptions(Map<String, String> env) {
        if (groupBy != null && split == null) {
            throw TrawlException.usage("--group-by needs --split");
        }
        SplitSpec s = split == null ? null : SplitSpec.parse(split);
        Shard sh = shard != null ? Shard.parse(shard) : Shard.fromEnvironment(env);
        return new PlanOptions(s, groupBy, sh, seed);
    }
}
