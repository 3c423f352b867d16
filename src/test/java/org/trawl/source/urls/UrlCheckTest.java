package org.trawl.source.urls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The list's URL check takes a shortcut for plain URLs; it must judge every URL exactly as java.net.URI does. */
class UrlCheckTest {
    private static boolean reference(String u) {
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void agreesWithUriOnHardCases() {
        Map<String, Boolean> memo = new HashMap<>();
        String[] cases = {
            "http://h.example/a/b.jpg?x=1&y=%2F#frag",
            "https://h:8080/x",
            "http://h",
            "http://h?q",
            "http://a..b/x",
            "http://-a/x",
            "http://a-/x",
            "http://1.2.3/x",
            "http://256.1.1.1/x",
            "http://1.2.3.4/x",
            "http://[::1]/x",
            "http://u:p@h/x",
            "http://h/a b",
            "http://h/%zz",
            "http://h/%4",
            "http://h/a#b#c",
            "http://h:80x/",
            "http://h:/x",
            "http:///x",
            "http://h/\u00e9t\u00e9",
            "http://h/a[1]",
            "http://h/?a[1]",
            "http://h/#a?b/c",
            "http://h/%\u0663\u0663",
            "HTTP://h/x",
            "ftp://h/x",
            "http:h/x",
            "http://h_1/x",
            "http://h./x",
            "http://.h/x",
            "http://h/x|y",
            "http://h/x\"",
            "http://h/x<y>",
            "http://h/x\\y",
            "http://h/x{y}",
            "http://h/x^y",
            "http://h/x`y",
            "https://",
            "http://h/%41%4a%4A"
        };
        for (String u : cases) {
            assertThat(UrlCheck.isHttpUrl(u, memo)).as(u).isEqualTo(reference(u));
            assertThat(UrlCheck.isHttpUrl(u, memo))
                    .as(u + " (remembered authority)")
                    .isEqualTo(reference(u));
        }
    }

    @Test
    void agreesWithUriOnRandomUrls() {
        Random rnd = new Random(7);
        String[] prefixes = {
            "http://",
            "https://",
            "http://h.example",
            "https://a-b.c:443",
            "http://x..y",
            "http://1.2.3.4:80",
            "http://u@h",
            "http://[::1]",
            "http://h_",
            "http://9h"
        };
        String alphabet = "aZ09-_.!~*'();/?:@&=+$,#%[]{}|\\^`\" <>\u00e9\u2603fF";
        Map<String, Boolean> memo = new HashMap<>();
        for (int n = 0; n < 50_000; n++) {
            StringBuilder sb = new StringBuilder(prefixes[rnd.nextInt(prefixes.length)]);
            for (int len = rnd.nextInt(12); len > 0; len--) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String u = sb.toString();
            assertThat(UrlCheck.isHttpUrl(u, memo)).as(u).isEqualTo(reference(u));
        }
    }
}
