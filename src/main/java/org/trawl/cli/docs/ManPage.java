package org.trawl.cli.docs;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * trawl.1 in man(7) troff, from the command model: every command and subcommand with its synopsis,
 * description, parameters and options, so `man trawl` says what `--help` says. Written by hand
 * because picocli's generator emits AsciiDoc and would need Asciidoctor (Ruby) to become troff.
 */
public final class ManPage {
    private ManPage() {}

    public static String troff(CommandLine root, String version, String date) {
        StringBuilder sb = new StringBuilder();
        String name = root.getCommandName();
        sb.append(".\\\" generated from trawl's command model; do not edit\n");
        sb.append(".TH ")
                .append(name.toUpperCase(Locale.ROOT))
                .append(" 1 \"")
                .append(date)
                .append("\" \"")
                .append(name)
                .append(' ')
                .append(version)
                .append("\" \"User Commands\"\n");
        sb.append(".SH NAME\n")
                .append(name)
                .append(" \\- ")
                .append(esc(CompletionScripts.firstLine(root.getCommandSpec()).split(":")[0]))
                .append('\n');
        sb.append(".SH SYNOPSIS\n");
        synopsis(root, sb);
        sb.append(".SH DESCRIPTION\n");
        for (String d : root.getCommandSpec().usageMessage().description()) {
            sb.append(esc(d)).append("\n.PP\n");
        }
        sb.append(".SH COMMANDS\n");
        for (CommandLine sub : CompletionScripts.distinctSubcommands(root)) {
            command(sub, sb);
        }
        sb.append(".SH OPTIONS\n");
        options(root.getCommandSpec(), sb);
        for (String f : root.getCommandSpec().usageMessage().footer()) {
            if (!f.isBlank()) {
                sb.append(".SH EXIT STATUS\n").append(esc(f)).append('\n');
            }
        }
        sb.append(
                        ".SH FILES\n.TP\n.B OUT/.trawl/checkpoint.json\nResume state, with an append-only journal beside it.\n")
                .append(
                        ".TP\n.B OUT/metadata.csv, OUT/failures.csv\nOne row per finished item; one row per failed item.\n");
        sb.append(".SH SEE ALSO\n")
                .append(name)
                .append(" \\-\\-help; ")
                .append(name)
                .append(" completion bash|zsh|fish\n");
        return sb.toString();
    }

    private static void synopsis(CommandLine cl, StringBuilder sb) {
        sb.append(".B ").append(cl.getCommandSpec().qualifiedName()).append("\n[\\fIOPTIONS\\fR] ");
        if (!cl.getSubcommands().isEmpty()) {
            sb.append("\\fICOMMAND\\fR");
        }
        sb.append("\n.br\n");
    }

    private static void command(CommandLine cl, StringBuilder sb) {
        CommandSpec spec = cl.getCommandSpec();
        sb.append(".SS ").append(esc(spec.qualifiedName())).append('\n');
        sb.append(".B ").append(esc(spec.qualifiedName()));
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                sb.append(" \\fI").append(esc(p.paramLabel())).append("\\fR");
                if (p.arity().max() > 1) {
                    sb.append("...");
                }
            }
        }
        sb.append(" [\\fIOPTIONS\\fR]\n.PP\n");
        for (String d : spec.usageMessage().description()) {
            sb.append(esc(d)).append('\n');
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                sb.append(".TP\n\\fI")
                        .append(esc(p.paramLabel()))
                        .append("\\fR\n")
                        .append(esc(join(p.description())))
                        .append('\n');
            }
        }
        options(spec, sb);
        for (String f : spec.usageMessage().footer()) {
            if (!f.isBlank()) {
                sb.append(".PP\n").append(esc(f)).append('\n');
            }
        }
        for (CommandLine sub : CompletionScripts.distinctSubcommands(cl)) {
            command(sub, sb);
        }
    }

    private static void options(CommandSpec spec, StringBuilder sb) {
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            sb.append(".TP\n\\fB")
                    .append(esc(String.join(", ", List.of(o.names()))))
                    .append("\\fR");
            if (o.arity().max() > 0) {
                sb.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
            }
            String d = join(o.description())
                    .replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()))
                    .replace("${COMPLETION-CANDIDATES}", candidates(o));
            sb.append('\n').append(esc(d)).append('\n');
        }
    }

    private static String candidates(OptionSpec o) {
        StringBuilder sb = new StringBuilder();
        if (o.completionCandidates() != null) {
            o.completionCandidates()
                    .forEach(c -> sb.append(sb.length() > 0 ? ", " : "").append(c));
        }
        return sb.toString();
    }

    private static String join(String[] lines) {
        return String.join(" ", lines);
    }

    /** Escapes troff: backslashes, and a leading dot or quote that would start a request. */
    static String esc(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-").replace("%n", " ");
        if (t.startsWith(".") || t.startsWith("'")) {
            t = "\\&" + t;
        }
        return t;
    }
}
