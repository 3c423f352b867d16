package org.trawl.source;

import java.io.PrintStream;
import java.nio.file.Path;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.image.ImageTransform;
import org.trawl.plan.PlanOptions;
import org.trawl.progress.RunStats;

/**
 * What a source's post-download step ({@link MediaSource#afterFetch}) may use: the output folder, the
 * plan options (to place its items as the planner does and keep to this process's shard), the
 * image rewrite the engine applies (-w, --max-size), this process's checkpoint (to record the items
 * it makes, which then reach metadata.csv, failures.csv and the sinks like fetched ones), the run's
 * counters and stderr.
 */
public record AfterFetch(
        Path out, PlanOptions plan, ImageTransform transform, CheckpointStore store, RunStats stats, PrintStream err) {}
