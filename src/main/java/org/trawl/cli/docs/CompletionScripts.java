package org.trawl.cli.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Completion scripts for bash, zsh and fish. Bash comes from picocli's own generator; zsh runs the
 * same script through bashcompinit (picocli's documented way); picocli has no fish generator, so
 * this class writes one from the same model.
 */
public final class CompletionScripts {
    public static final List<String> SHELLS = List.of("bash", "zsh", "fish");

    private CompletionScripts() {}

    public static String script(String shell, CommandLine root) {
        return switch (shell.toLowerCase(Locale.ROOT)) {
            case "bash" -> bash(root);
            case "zsh" -> zsh(root);
            case "fish" -> fish(root);
            default -> throw new IllegalArgumentException("unknown shell " + shell + " (bash, zsh or fish)");
        };
    }

    public static String bash(CommandLine root) {
        return AutoComplete.bash(root.getCommandName(), root);
    }

    public static String zsh(CommandLine root) {
        return "#compdef " + root.getCommandName() + "\n"
                + "# zsh runs trawl's bash completion through bashcompinit.\n"
                + "autoload -U +X compinit && compinit\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash(root);
    }

    public static String fish(CommandLine root) {
        String name = root.getCommandName();
        StringBuilder sb =
                new StringBuilder("# fish completion for ").append(name).append(", generated from its command model\n");
        sb.append("function __")
                .append(name)
                .append("_path --description 'the subcommands typed so far'\n")
                .append("    set -l tokens (commandline -opc)\n")
                .append("    set -e tokens[1]\n")
                .append("    set -l path\n")
                .append("    for t in $tokens\n")
                .append("        switch $t\n")
                .append("            case '-*'\n")
                .append("                continue\n")
                .append("        end\n")
                .append("        set -l candidate (string trim -- \"$path $t\")\n")
                .append("        if contains -- $candidate $__")
                .append(name)
                .append("_commands\n")
                .append("            set path $candidate\n")
                .append("        end\n")
                .append("    end\n")
                .append("    echo $path\n")
                .append("end\n");
        List<String> paths = new ArrayList<>();
        collectPaths(root, "", paths);
        sb.append("set -g __").append(name).append("_commands");
        for (String p : paths) {
            if (!p.isEmpty()) {
                sb.append(" '").append(p).append("'");
            }
        }
        sb.append("\ncomplete -c ").append(name).append(" -f\n");
        writeFish(root, "", name, sb);
        return sb.toString();
    }

    private static void collectPaths(CommandLine cl, String path, List<String> out) {
        out.add(path);
        for (CommandLine sub : distinctSubcommands(cl)) {
            collectPaths(sub, (path.isEmpty() ? "" : path + " ") + sub.getCommandName(), out);
        }
    }

    private static void writeFish(CommandLine cl, String path, String name, StringBuilder sb) {
        String when = "-n '__" + name + "_path | string match -q -- \"" + path + "\"'"; // paths are command names only
        if (path.isEmpty()) {
            when = "-n 'test -z (__" + name + "_path)'";
        }
        for (CommandLine sub : distinctSubcommands(cl)) {
            sb.append("complete -c ")
                    .append(name)
                    .append(' ')
                    .append(when)
                    .append(" -a ")
                    .append(sub.getCommandName())
                    .append(" -d ")
                    .append(quoteFish(firstLine(sub.getCommandSpec())))
                    .append('\n');
        }
        CommandSpec spec = cl.getCommandSpec();
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            sb.append("complete -c ").append(name).append(' ').append(when);
            for (String n : o.names()) {
                if (n.startsWith("--")) {
                    sb.append(" -l ").append(n.substring(2));
                } else if (n.startsWith("-") && n.length() == 2) {
                    sb.append(" -s ").append(n.substring(1));
                } else {
                    sb.append(" -o ").append(n.substring(1));
                }
            }
            if (o.arity().max() > 0) {
                sb.append(" -r");
                List<String> values = candidates(o.completionCandidates(), o.type());
                if (!values.isEmpty()) {
                    sb.append(" -a ").append(quoteFish(String.join(" ", values)));
                } else if (isPath(o.type())) {
                    sb.append(" -F");
                }
            }
            String d = o.description().length > 0 ? o.description()[0] : "";
            sb.append(" -d ").append(quoteFish(shorten(d))).append('\n');
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            List<String> values = candidates(p.completionCandidates(), p.type());
            sb.append("complete -c ").append(name).append(' ').append(when);
            if (!values.isEmpty()) {
                sb.append(" -a ").append(quoteFish(String.join(" ", values)));
            } else if (isPath(p.type())) {
                sb.append(" -F");
            } else {
                continue;
            }
            sb.append('\n');
        }
        for (CommandLine sub : distinctSubcommands(cl)) {
            writeFish(sub, (path.isEmpty() ? "" : path + " ") + sub.getCommandName(), name, sb);
        }
    }

    /** Subcommands once each (picocli lists aliases as extra entries). */
    static List<CommandLine> distinctSubcommands(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!out.contains(sub) && !sub.getCommandSpec().usageMessage().hidden()) {
                out.add(sub);
            }
        }
        return out;
    }

    private static List<String> candidates(Iterable<String> c, Class<?> type) {
        List<String> out = new ArrayList<>();
        if (c != null) {
            c.forEach(out::add);
        } else if (type.isEnum()) {
            for (Object e : type.getEnumConstants()) {
                out.add(e.toString());
            }
        }
        return out;
    }

    private static boolean isPath(Class<?> t) {
        return t == java.nio.file.Path.class || t == java.io.File.class;
    }

    static String firstLine(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        return shorten(d.length > 0 ? d[0] : "");
    }

    private static String shorten(String s) {
        String t = s.replaceAll("\\$\\{[^}]*}", "").replaceAll("\\s+", " ").trim();
        java.util.regex.Matcher end =
                java.util.regex.Pattern.compile("\\. [A-Z(]").matcher(t); // a sentence, not "e.g. 90s"
        if (end.find()) {
            t = t.substring(0, end.start() + 1);
        }
        return t.length() > 90 ? t.substring(0, 87) + "..." : t;
    }

    private static String quoteFish(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
