package org.trawl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.trawl.checkpoint.CheckpointStore;
import org.trawl.checkpoint.MergedState;
import org.trawl.checkpoint.StateLayout;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.internal.Json;
import org.trawl.progress.ProgressDisplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** trawl status DIR: what the checkpoint says, without touching the network. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Summarise an output folder from its checkpoint: items done, failed and dropped (duplicates "
                + "removed by --dedup), bytes, failure reasons, shards.")
public class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "An output folder of trawl.")
    Path dir;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        List<Path> stores = requireState(dir);
        long[] c = new long[4]; // done, failed, bytes, dropped
        Map<String, Long> reasons = new TreeMap<>();
        MergedState.forEach(
                dir,
                r -> {
                    if (StateLayout.isIntermediate(r.key())) {
                        return; // a source's intermediate file (a tile): its page is counted instead
                    }
                    c[0]++;
                    c[2] += r.bytes() == null ? 0 : r.bytes();
                },
                r -> c[3]++,
                r -> {
                    if (StateLayout.isIntermediate(r.key())) {
                        return;
                    }
                    c[1]++;
                    reasons.merge(r.reason() == null ? "?" : r.reason(), 1L, Long::sum);
                });
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("done", c[0]);
            o.put("failed", c[1]);
            o.put("dropped", c[3]);
            o.put("bytes", c[2]);
            o.set("failures_by_reason", Json.MAPPER.valueToTree(reasons));
            o.put("stores", stores.size());
            System.out.println(o);
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "%s: %d done (%s), %d failed%s%n",
                    dir,
                    c[0],
                    ProgressDisplay.human(c[2]),
                    c[1],
                    stores.size() > 1 ? " across " + stores.size() + " checkpoints (shards)" : "");
            reasons.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .limit(10)
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %6d  %s%n", e.getValue(), e.getKey()));
            if (c[3] > 0) {
                // not failures: removed on purpose (--dedup), so not in the dataset and never fetched again
                System.out.printf(
                        Locale.ROOT,
                        "%s: %d dropped (duplicates removed by --dedup, see %s)%n",
                        dir,
                        c[3],
                        org.trawl.sink.DuplicatePass.FILE);
            }
        }
        return c[1] > 0 ? ExitCode.PARTIAL : ExitCode.OK;
    }

    static List<Path> requireState(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw TrawlException.usage(dir + " is not a folder");
        }
        List<Path> stores = StateLayout.allStores(dir);
        if (stores.isEmpty()) {
            throw TrawlException.usage(dir + " has no trawl checkpoint (" + StateLayout.STATE_DIR + "/"
                    + CheckpointStore.CHECKPOINT + ")");
        }
        return stores;
    }
}
