package org.trawl.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;
import org.trawl.internal.Network;
import org.trawl.internal.OutOfMemory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Errors the user's way: a bad flag or input is one line plus where to get help (exit 2); a known
 * failure is one line with its exit code; only an unexpected bug prints a stack trace, and only with
 * TRAWL_DEBUG=1.
 */
@ApplicationScoped
public class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        CommandLine cl = factory.create();
        cl.setParameterExceptionHandler(CommandLineSetup::onBadUsage);
        cl.setExecutionExceptionHandler((e, line, parsed) -> onFailure(e, line));
        // picocli hands only Exceptions to the handler above: an OutOfMemoryError from the command's own thread
        // comes out here (see OutOfMemory for why it is not left to the JVM)
        OutOfMemory.install();
        // before any JDK HTTP client loads: it reads this once (see Network)
        Network.allowBasicForTunnels();
        CommandLine.IExecutionStrategy run = cl.getExecutionStrategy();
        cl.setExecutionStrategy(parsed -> {
            try {
                return run.execute(parsed);
            } catch (OutOfMemoryError e) {
                OutOfMemory.exit();
                throw e;
            }
        });
        return cl;
    }

    static int onBadUsage(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        if (e.getCause() instanceof TypeConversionException bad && e.getArgSpec() instanceof OptionSpec o) {
            // a value no converter can read (a size, a duration, a number): one line naming the option,
            // "trawl: --max-bytes: 'lots' is not a size (...)", not picocli's "Invalid value for option ..."
            err.println("trawl: " + o.longestName() + ": " + bad.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        err.println("trawl: " + e.getMessage());
        if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            err.println("did you mean: " + String.join(", ", u.getSuggestions()) + "?");
        }
        err.println("try '" + cl.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCode.USAGE;
    }

    static int onFailure(Exception e, CommandLine line) {
        OutOfMemory.exitIf(e); // e.g. a failed future whose cause is one
        PrintWriter err = line.getErr();
        Throwable t = e;
        if (t instanceof UncheckedIOException && t.getCause() != null) {
            t = t.getCause();
        }
        int code;
        if (t instanceof TrawlException te) {
            err.println("trawl: " + te.getMessage());
            code = te.exitCode();
        } else if (t instanceof java.io.IOException io) {
            err.println("trawl: " + io.getClass().getSimpleName() + ": " + io.getMessage());
            code = ExitCode.FATAL;
        } else {
            err.println("trawl: internal error: " + t + " (set TRAWL_DEBUG=1 for details; please report it)");
            code = ExitCode.FATAL;
        }
        if ("1".equals(System.getenv("TRAWL_DEBUG"))) {
            t.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
