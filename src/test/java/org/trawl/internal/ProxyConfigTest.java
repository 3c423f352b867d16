package org.trawl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which proxy a URL takes, as curl chooses it from --proxy and the environment. */
class ProxyConfigTest {
    /** "k=v;k=v" as an environment. */
    static Map<String, String> env(String spec) {
        Map<String, String> env = new HashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String kv : spec.split(";")) {
                int eq = kv.indexOf('=');
                env.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
            }
        }
        return env;
    }

    @ParameterizedTest(name = "[{index}] {0} / --proxy {1}: {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                // environment                                           | --proxy          | url
                //  | proxy
                "''                                                      | null             | https://a.org/x             | null",
                "https_proxy=http://s:3128                               | null             | https://a.org/x             | http://s:3128",
                "HTTPS_PROXY=http://S:3128                               | null             | https://a.org/x             | http://S:3128",
                // lower case first, as curl
                "https_proxy=http://lo:1;HTTPS_PROXY=http://up:2         | null             | https://a.org/x             | http://lo:1",
                "https_proxy=http://s:3128                               | null             | http://a.org/x              | null",
                "http_proxy=http://p:8080                                | null             | http://a.org/x              | http://p:8080",
                // curl never reads HTTP_PROXY (httpoxy)
                "HTTP_PROXY=http://p:8080                                | null             | http://a.org/x              | null",
                "HTTP_PROXY=http://p:8080;ALL_PROXY=http://all:9         | null             | http://a.org/x              | http://all:9",
                "all_proxy=http://all:9                                  | null             | https://a.org/x             | http://all:9",
                "all_proxy=http://lo:1;ALL_PROXY=http://up:2             | null             | https://a.org/x             | http://lo:1",
                "https_proxy=http://s:1;all_proxy=http://all:9           | null             | https://a.org/x             | http://s:1",
                // no port: 1080, as curl; no scheme: http
                "https_proxy=s.example                                   | null             | https://a.org/x             | http://s.example:1080",
                "https_proxy=http://[::1]:3128                           | null             | https://a.org/x             | http://[::1]:3128",
                // --proxy replaces the variables; --proxy '' turns proxies off
                "https_proxy=http://s:1                                  | http://cli:2     | https://a.org/x             | http://cli:2",
                "''                                                      | http://cli:2     | http://a.org/x              | http://cli:2",
                "https_proxy=http://s:1;all_proxy=http://all:9           | ''               | https://a.org/x             | null",
                // NO_PROXY applies to --proxy too, as in curl; lower case first
                "no_proxy=a.org                                          | http://cli:2     | https://www.a.org/x         | null",
                "https_proxy=http://s:1;NO_PROXY=a.org                   | null             | https://a.org/x             | null",
                "https_proxy=http://s:1;no_proxy=b.org;NO_PROXY=a.org    | null             | https://a.org/x             | http://s:1",
                "https_proxy=http://s:1;NO_PROXY=a.org:8443              | null             | https://a.org:8443/x        | null",
                "https_proxy=http://s:1;NO_PROXY=a.org:8443              | null             | https://a.org/x             | http://s:1",
                "https_proxy=http://s:1;NO_PROXY=*                       | null             | https://a.org/x             | null",
                "https_proxy=http://s:1;NO_PROXY=127.0.0.1               | null             | https://127.0.0.1:9/x       | null",
                // a variable set empty is set, as curl reads it on Unix: it hides HTTPS_PROXY and all_proxy
                "https_proxy=;HTTPS_PROXY=http://up:2                    | null             | https://a.org/x             | null",
                "https_proxy=;all_proxy=http://all:9                     | null             | https://a.org/x             | null",
                "no_proxy=;NO_PROXY=a.org;https_proxy=http://s:1         | null             | https://a.org/x             | http://s:1",
                "https_proxy=http://s:1                                  | null             | ftp://a.org/x               | null",
            })
    void choosesAsCurl(String environment, String option, String url, String expected) {
        ProxyConfig.Proxy p = ProxyConfig.of(option, env(environment)).forUri(URI.create(url));
        assertThat(p == null ? null : p.toString()).isEqualTo(expected);
    }

    @Test
    void credentialsBecomeBasicAndAreNeverShown() {
        ProxyConfig.Proxy p = ProxyConfig.of("http://al%40ice:p%3Ass+w@proxy.lan:3128", Map.of())
                .forUri(URI.create("https://a.org/"));
        assertThat(p.user()).isEqualTo("al@ice");
        assertThat(p.password()).isEqualTo("p:ss+w");
        assertThat(p.authorization())
                .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("al@ice:p:ss+w".getBytes()));
        assertThat(p.toString()).isEqualTo("http://proxy.lan:3128").doesNotContain("ss");
    }

    @Test
    void aProxyUrlTrawlCannotUseIsOneLineWithoutItsPassword() {
        assertThatThrownBy(() -> ProxyConfig.of("socks5://u:hunter2@h:1080", Map.of()))
                .hasMessageStartingWith("--proxy: socks5:// proxies are not supported")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ProxyConfig.of(null, Map.of("https_proxy", "http://u:hunter2@bad host:1")))
                .hasMessageStartingWith("https_proxy: ")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ProxyConfig.of(null, Map.of("HTTPS_PROXY", "https://h:1")))
                .hasMessageStartingWith("HTTPS_PROXY: https:// proxies are not supported");
    }
}
