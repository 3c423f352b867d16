package org.trawl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.trawl.core.RequestHeaders;
import org.trawl.core.TrawlException;
import org.trawl.fetch.UserHeaders;
import org.trawl.internal.CookieFile;
import org.trawl.internal.Netrc;

/**
 * Reads -H, --netrc, --netrc-file and --cookies into the headers of each download. A message about
 * them names the option, the header or the file, never a value: they hold secrets.
 */
final class UserOptions {
    /** Headers trawl frames the request with itself: set by the user they would break it. */
    private static final Set<String> RESERVED = Set.of(
            "host",
            "content-length",
            "transfer-encoding",
            "connection",
            "range",
            "if-range",
            "te",
            "upgrade",
            "expect");

    private UserOptions() {}

    static RequestHeaders headers(List<String> headers, boolean netrc, Path netrcFile, Path cookies) {
        Map<String, String> fixed = new LinkedHashMap<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? h.trim() : h.substring(0, colon);
            if (colon <= 0 || !isToken(name)) {
                throw TrawlException.usage("--header needs 'Name: value' with a name of letters, digits and "
                        + "!#$%&'*+-.^_`|~ before the colon");
            }
            String value = h.substring(colon + 1).strip();
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw TrawlException.usage("--header " + name + ": the value may not hold a line break");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw TrawlException.usage("--header " + name + ": trawl sets this header itself");
            }
            fixed.keySet().removeIf(name::equalsIgnoreCase); // the last one given wins
            fixed.put(name, value);
        }
        Netrc logins = null;
        if (netrcFile != null) {
            logins = Netrc.parse(read("--netrc-file", netrcFile));
        } else if (netrc) {
            String env = System.getenv("NETRC");
            Path p = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".netrc");
            logins = Files.exists(p) ? Netrc.parse(read("--netrc", p)) : null;
        }
        CookieFile jar = cookies == null ? null : CookieFile.parse(read("--cookies", cookies));
        return new UserHeaders(fixed, logins, jar).orNone();
    }

    private static String read(String option, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw TrawlException.usage(option + ": no such file: " + file);
        } catch (IOException | java.io.UncheckedIOException e) {
            // the message names the file and the error, never its content
            throw TrawlException.usage(
                    option + ": cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /** RFC 9110 §5.6.2 token. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
