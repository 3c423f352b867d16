package org.trawl.cli;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.demo.DemoServer;
import org.trawl.job.DatasetJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** trawl demo: the real pipeline against an embedded loopback server, so a newcomer sees a dataset appear. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Start an embedded image server on 127.0.0.1 with bundled sample images and build a labelled, "
                + "split dataset from it with the same code a real run uses. Needs no network.")
public class DemoCommand implements Callable<Integer> {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = "trawl-demo",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    private final DatasetJob job;
    private final Vertx vertx;

    public DemoCommand(DatasetJob job, Vertx vertx) {
        this.job = job;
        this.vertx = vertx;
    }

    @Override
    public Integer call() {
        try (DemoServer server = DemoServer.start(vertx)) {
            List<String> names = server.names();
            String base = "http://127.0.0.1:" + server.port() + "/images/";
            if (!json) {
                System.out.println("demo: serving " + names.size() + " sample images on " + base);
                System.out.println("demo: trawl urls <list> -o " + output + " --split train=0.75,test=0.25 --seed 7");
            }
            // the demo's server is on this machine's loopback, which no proxy of the environment can reach
            engine.network.proxy = "";
            PlanMixin plan = new PlanMixin();
            plan.split = "train=0.75,test=0.25";
            plan.seed = 7;
            DatasetJob.Settings s = new DatasetJob.Settings(
                    output,
                    engine.toFetchOptions(VersionProvider.version()),
                    plan.toPlanOptions(Map.of()),
                    false,
                    json,
                    false);
            int code = JobReport.run(job, () -> items(base, names), s, System.out, System.err);
            code = DatasetDocsStep.after(spec, output, true, code, System.err);
            if (!json) {
                System.out.println(
                        "demo: look inside " + output.toAbsolutePath() + " (train/ and test/ folders, "
                                + "metadata.csv, the card README.md, CITATION.cff, report.html); run it again and everything is skipped.");
            }
            return code;
        }
    }

    private static CloseableIterator<MediaItem> items(String base, List<String> names) {
        return CloseableIterator.of(names.stream()
                .map(n -> new MediaItem(
                        base + n,
                        DemoServer.labelOf(n),
                        n.substring(0, n.lastIndexOf('.')),
                        "demo",
                        n,
                        "CC0-1.0",
                        "trawl authors",
                        Map.of()))
                .iterator());
    }
}
