package org.trawl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedirectPolicyTest {
    static final URI FROM = URI.create("https://storage.example/b/o?alt=media");

    @Test
    void aRelativeOrSameOriginLocationKeepsTheCredentials() {
        RedirectPolicy.Hop hop = RedirectPolicy.next(FROM, "/b/o2?x=1", false);
        assertThat(hop.target()).isEqualTo(URI.create("https://storage.example/b/o2?x=1"));
        assertThat(hop.crossOrigin()).isFalse();
        assertThat(RedirectPolicy.next(FROM, "https://STORAGE.example:443/c", false)
                        .crossOrigin())
                .isFalse();
    }

    @Test
    void anotherHostPortOrSchemeIsAnotherOrigin() {
        assertThat(RedirectPolicy.next(FROM, "https://cdn.example/o", false).crossOrigin())
                .isTrue();
        assertThat(RedirectPolicy.next(FROM, "https://storage.example:8443/o", false)
                        .crossOrigin())
                .isTrue();
        assertThat(RedirectPolicy.next(FROM, "http://storage.example/o", true).crossOrigin())
                .isTrue();
    }

    @Test
    void onlyHttpAndHttpsAreFollowedAndNeverDownwardsUnlessInsecure() {
        assertThatThrownBy(() -> RedirectPolicy.next(FROM, "ftp://files.example/a.jpg", true))
                .isInstanceOf(RedirectPolicy.Refused.class)
                .hasMessageContaining("ftp:");
        assertThatThrownBy(() -> RedirectPolicy.next(FROM, "file:///etc/passwd", true))
                .isInstanceOf(RedirectPolicy.Refused.class)
                .hasMessageContaining("file:");
        assertThatThrownBy(() -> RedirectPolicy.next(FROM, "http://storage.example/o", false))
                .isInstanceOf(RedirectPolicy.Refused.class)
                .hasMessageContaining("https down to http");
        assertThatThrownBy(() -> RedirectPolicy.next(FROM, null, false)).isInstanceOf(RedirectPolicy.Refused.class);
        assertThat(RedirectPolicy.next(URI.create("http://a.example/x"), "https://b.example/y", false)
                        .target())
                .isEqualTo(URI.create("https://b.example/y"));
    }

    @Test
    void credentialHeadersAreTheOnesCurlDrops() {
        assertThat(RedirectPolicy.isCredential("authorization")).isTrue();
        assertThat(RedirectPolicy.isCredential("Cookie")).isTrue();
        assertThat(RedirectPolicy.isCredential("Proxy-Authorization")).isTrue();
        assertThat(RedirectPolicy.isCredential("User-Agent")).isFalse();
        assertThat(RedirectPolicy.isCredential("x-goog-user-project")).isFalse();
    }
}
