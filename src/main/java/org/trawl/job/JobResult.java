package org.trawl.job;

import java.util.List;
import org.trawl.progress.RunStats;
import org.trawl.sink.DatasetTables;
import org.trawl.sink.DuplicatePass;
import org.trawl.source.StreamSummary;

/** What a {@link DatasetJob} did, for the command line to turn into text, JSON and an exit code. */
public sealed interface JobResult {

    /** The plan the run was (or, for a dry run, would have been) made of. */
    PlanCounts plan();

    /**
     * A dry run: the plan only.
     *
     * @param streams the source's streams ({@link org.trawl.source.MediaSource#streams()})
     */
    record Planned(PlanCounts plan, List<StreamSummary> streams) implements JobResult {}

    /**
     * A run that fetched.
     *
     * @param tables       the rows of metadata.csv and failures.csv after the run
     * @param dropped      what the duplicate pass dropped ({@link DuplicatePass.Result#NONE} when it did not run)
     * @param unreadInputs inputs the source had to skip (a broken manifest in a collection, say)
     */
    record Fetched(
            PlanCounts plan,
            RunStats stats,
            DatasetTables.Counts tables,
            DuplicatePass.Result dropped,
            int unreadInputs)
            implements JobResult {

        /** Some item failed, or some input could not be read: the dataset is not all the user asked for. */
        public boolean partial() {
            return stats.failed.sum() > 0 || unreadInputs > 0;
        }
    }
}
