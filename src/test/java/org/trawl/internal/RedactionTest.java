package org.trawl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void credentialsAreMaskedWhereverTheyAppear() {
        assertThat(Redaction.mask("401: bad header Authorization: Bearer ya29.secret-tok-1 for you"))
                .isEqualTo("401: bad header Authorization: Bearer *** for you");
        assertThat(Redaction.mask("got Basic dXNlcjpwYXNzd29yZA== from you")).isEqualTo("got Basic *** from you");
        assertThat(Redaction.mask("https://h/p?a=1&access_token=abc.def&key=AIzaXYZ&b=2"))
                .isEqualTo("https://h/p?a=1&access_token=***&key=***&b=2");
        assertThat(Redaction.mask("GET /x?token=t0k3n&password=hunter2 HTTP/1.1"))
                .isEqualTo("GET /x?token=***&password=*** HTTP/1.1");
        assertThat(Redaction.mask("https://storage.googleapis.com/b/o?X-Goog-Signature=0badc0de&X-Goog-Date=1"))
                .isEqualTo("https://storage.googleapis.com/b/o?X-Goog-Signature=***&X-Goog-Date=1");
        assertThat(Redaction.mask("{\"access_token\": \"ya29.x\", \"expires_in\": 3599}"))
                .isEqualTo("{\"access_token\": \"***\", \"expires_in\": 3599}");
        assertThat(Redaction.mask("see https://alice:s3cret@example.org/x")).isEqualTo("see https://***@example.org/x");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String s = "http 404 at https://example.org/images/a.jpg?size=full&page=2: Not Found";
        assertThat(Redaction.mask(s)).isEqualTo(s);
        assertThat(Redaction.mask("the key point: a token is needed")).isEqualTo("the key point: a token is needed");
    }

    @Test
    void aLineIsOneLineAndShort() {
        assertThat(Redaction.line("  <html>\n<body>\tError\r\n</body></html>  "))
                .isEqualTo("<html> <body> Error </body></html>");
        String longBody = "x".repeat(5000);
        assertThat(Redaction.line(longBody)).hasSize(Redaction.MAX + 3).endsWith("...");
        assertThat(Redaction.line("y".repeat(300) + " Bearer abc")).doesNotContain("abc");
        assertThat(Redaction.line(null)).isEmpty();
    }
}
