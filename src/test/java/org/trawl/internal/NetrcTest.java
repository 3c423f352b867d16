package org.trawl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** .netrc read as curl reads it. */
class NetrcTest {
    @Test
    void machinesDefaultQuotesAndMacros() {
        Netrc n = Netrc.parse("machine a.example login ann password \"p w\\\"x\"\n"
                + "macdef upload\n  machine a.example login mallory password m\n\n"
                + "machine B.example login bob\npassword b account acct\n"
                + "machine a.example login second password s\n"
                + "default login anon password guest\n");

        assertThat(n.forHost("a.example")).isEqualTo(new Netrc.Login("ann", "p w\"x"));
        assertThat(n.forHost("b.EXAMPLE")).isEqualTo(new Netrc.Login("bob", "b"));
        assertThat(n.forHost("c.example")).isEqualTo(new Netrc.Login("anon", "guest"));
        assertThat(n.forHost("a.example").toString()).doesNotContain("p w");
        assertThat(Netrc.parse("machine only.example login x password y").forHost("other.example"))
                .isNull();
    }
}
