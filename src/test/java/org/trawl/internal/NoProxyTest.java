package org.trawl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NO_PROXY as curl reads it (lib/noproxy.c), plus ports and bracketed IPv6 entries. */
class NoProxyTest {
    @ParameterizedTest(name = "NO_PROXY=''{0}'' {1}:{2} -> bypass {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                // list                        | host               | port | bypass
                "''                            | example.com        | 443  | false",
                "*                             | example.com        | 443  | true",
                "' * '                         | 10.1.2.3           | 80   | true",
                // '*' is special only as the whole list, as in curl
                "'*, foo.org'                  | example.com        | 443  | false",
                "example.com                   | example.com        | 443  | true",
                "example.com                   | EXAMPLE.com.       | 443  | true",
                "example.com                   | www.example.com    | 443  | true",
                ".example.com                  | www.example.com    | 443  | true",
                ".example.com                  | example.com        | 443  | true",
                "example.com.                  | a.b.example.com    | 443  | true",
                "example.com                   | notexample.com     | 443  | false",
                "example.com                   | example.com.evil.io | 443 | false",
                "'foo.org,  example.com'       | www.example.com    | 443  | true",
                "'foo.org example.com'         | www.example.com    | 443  | true",
                "'foo.org,,example.com,'       | example.com        | 443  | true",
                // a port: that port only (an addition to curl, as Go and wget read it)
                "example.com:8080              | example.com        | 8080 | true",
                "example.com:8080              | example.com        | 443  | false",
                "127.0.0.1:8080                | 127.0.0.1          | 8080 | true",
                "127.0.0.1:8080                | 127.0.0.1          | 80   | false",
                // IP literals match IP literal hosts only, never a name that resolves to them
                "127.0.0.1                     | 127.0.0.1          | 80   | true",
                "127.0.0.1                     | localhost          | 80   | false",
                "localhost                     | 127.0.0.1          | 80   | false",
                "localhost                     | localhost          | 80   | true",
                "10.0.0.0/8                    | 10.200.3.4         | 80   | true",
                "10.0.0.0/8                    | 11.0.0.1           | 80   | false",
                "192.168.1.0/24                | 192.168.1.77       | 80   | true",
                "192.168.1.0/24                | 192.168.2.1        | 80   | false",
                "::1                           | [::1]              | 80   | true",
                "::1                           | ::1                | 80   | true",
                "[::1]                         | [::1]              | 80   | true",
                "[::1]:8080                    | [::1]              | 8080 | true",
                "[::1]:8080                    | [::1]              | 80   | false",
                "fd00::/8                      | [fd12:3456::1]     | 80   | true",
                "fd00::/8                      | [fe80::1]          | 80   | false",
                "::1                           | 127.0.0.1          | 80   | false",
                // not a literal (octet over 255): a name, and matched as one, never looked up
                "999.1.1.1                     | 999.1.1.1          | 80   | true",
                "999.1.1.1                     | 1.1.1.1            | 80   | false",
            })
    void matchesAsCurl(String list, String host, int port, boolean bypass) {
        assertThat(NoProxy.parse(list).bypasses(host, port)).isEqualTo(bypass);
    }
}
