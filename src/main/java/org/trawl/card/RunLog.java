package org.trawl.card;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.trawl.checkpoint.StateLayout;
import org.trawl.internal.Json;
import org.trawl.internal.Redaction;

/**
 * The runs that built OUT, one JSON line each in {@code OUT/.trawl/runs.jsonl}: the command line (secrets
 * masked), the trawl version, the date, and the input files the command named. The card lists them as the
 * dataset's sources and queries; the citation finds a GBIF archive's metadata through them.
 */
public final class RunLog {
    static final String FILE = "runs.jsonl";

    /** An option whose value is a secret whatever it looks like: --password X, --token X, --header "Cookie: x". */
    private static final Pattern SECRET_OPTION =
            Pattern.compile("(?i)^--?[\\w-]*(passw|token|secret|credential|api-?key|header|cookie|auth)[\\w-]*$");

    /** curl's -H for --header: its value ("Name: secret") is masked, given apart or stuck on (-HName:v). */
    private static final String HEADER_SHORT = "-H";

    private RunLog() {}

    /** One run. {@code inputs}: the arguments that named files or folders that exist, as absolute paths. */
    public record Run(String date, String version, String command, List<String> inputs) {}

    /**
     * The run of {@code args} (the whole command line after {@code trawl}), shown as a shell line with the
     * value of every secret-looking option masked and each argument passed through {@link Redaction#mask}.
     */
    public static Run of(List<String> args, String version, Path cwd) {
        StringBuilder line = new StringBuilder("trawl");
        List<String> inputs = new ArrayList<>();
        boolean nextIsSecret = false;
        for (String a : args) {
            String shown;
            if (nextIsSecret) {
                shown = "***";
                nextIsSecret = false;
            } else if (a.equals(HEADER_SHORT)) {
                shown = a;
                nextIsSecret = true;
            } else if (a.startsWith(HEADER_SHORT)) {
                shown = HEADER_SHORT + "***";
            } else if (a.startsWith("-") && a.contains("=")) {
                String name = a.substring(0, a.indexOf('='));
                shown = SECRET_OPTION.matcher(name).matches() ? name + "=***" : Redaction.mask(a);
            } else {
                nextIsSecret = SECRET_OPTION.matcher(a).matches();
                shown = Redaction.mask(a);
                if (!a.startsWith("-") && !a.isEmpty() && shown.equals(a)) {
                    inputs.addAll(existing(cwd, a));
                }
            }
            line.append(' ').append(shellQuoted(shown));
        }
        return new Run(Instant.now().toString(), version, line.toString(), inputs);
    }

    private static List<String> existing(Path cwd, String arg) {
        try {
            Path p = cwd.resolve(arg);
            return Files.exists(p) ? List.of(p.toAbsolutePath().normalize().toString()) : List.of();
        } catch (RuntimeException e) { // not a path on this system
            return List.of();
        }
    }

    static String shellQuoted(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=,@%+-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Adds the run to OUT's log (appended: each shard adds its own line, none rewrites another's). */
    public static void append(Path out, Run run) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("date", run.date());
        o.put("version", run.version());
        o.put("command", run.command());
        o.set("inputs", Json.MAPPER.valueToTree(run.inputs()));
        try {
            Path file = StateLayout.root(out).resolve(FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    o + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flags that change how a run reports, not what it takes: a re-run with them is the same source. */
    private static final Pattern REPORTING_FLAG = Pattern.compile(" (--json|-q|--quiet|--report)(?= |$)");

    /** The command without its reporting flags. */
    static String sourceOf(String command) {
        return REPORTING_FLAG.matcher(command).replaceAll("");
    }

    /**
     * Every distinct command that ran into OUT, each with its latest run (a re-run of the same command, or of it with
     * other reporting flags, is one source, not two), in the order of their latest run. A line that cannot be read is skipped.
     */
    public static List<Run> read(Path out) {
        Path file = StateLayout.root(out).resolve(FILE);
        Map<String, Run> runs = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                try {
                    JsonNode n = Json.MAPPER.readTree(l);
                    List<String> inputs = new ArrayList<>();
                    n.path("inputs").forEach(i -> inputs.add(i.asText()));
                    Run r = new Run(
                            n.path("date").asText(),
                            n.path("version").asText(),
                            n.path("command").asText(),
                            inputs);
                    if (!r.command().isEmpty()) {
                        String source = sourceOf(r.command());
                        Run first = runs.remove(source);
                        // shown as first written, dated by the latest: a re-run with --json is the same source
                        runs.put(
                                source,
                                first == null ? r : new Run(r.date(), r.version(), first.command(), r.inputs()));
                    }
                } catch (IOException | RuntimeException e) {
                    // a line cut by a crash: the other runs still say what they did
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(runs.values());
    }
}
