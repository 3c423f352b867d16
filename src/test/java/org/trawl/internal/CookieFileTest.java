package org.trawl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The Netscape cookie file, matched by RFC 6265's domain, path, secure and expiry rules. */
class CookieFileTest {
    static final long NOW = 1_700_000_000L;

    final CookieFile jar = CookieFile.parse("# Netscape HTTP Cookie File\n"
            + ".example.org\tTRUE\t/\tFALSE\t0\twide\t1\n"
            + "host.example.org\tFALSE\t/\tFALSE\t0\texact\t2\n"
            + "#HttpOnly_host.example.org\tFALSE\t/docs\tFALSE\t" + (NOW + 60) + "\tdocs\t3\n"
            + "host.example.org\tFALSE\t/\tTRUE\t0\tsecure\t4\n"
            + "host.example.org\tFALSE\t/\tFALSE\t" + (NOW - 1) + "\texpired\t5\n"
            + "not a cookie line\n"
            + "example.org\tFALSE\t/\tFALSE\t0\tapex\t6\r\n");

    String header(String url) {
        return jar.header(URI.create(url), NOW);
    }

    @Test
    void domainPathSecureAndExpiry() {
        assertThat(header("http://host.example.org/x.jpg")).isEqualTo("wide=1; exact=2");
        assertThat(header("https://host.example.org/docs/a.jpg")).isEqualTo("docs=3; wide=1; exact=2; secure=4");
        assertThat(header("http://host.example.org/docsx")).isEqualTo("wide=1; exact=2");
        assertThat(header("http://sub.host.example.org/")).isEqualTo("wide=1");
        assertThat(header("http://example.org/")).isEqualTo("wide=1; apex=6");
        assertThat(header("http://badexample.org/")).isNull();
    }
}
