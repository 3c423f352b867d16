package org.trawl.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests as {@link M3CommandTest}, against the built artifact (jar, or native with -Dnative). */
@QuarkusMainIntegrationTest
class M3CommandIT extends M3CommandTest {

    /** As in BadInputIT: the integration launcher's raised log level adds start and stop lines. */
    @Override
    String errorOutput(io.quarkus.test.junit.main.LaunchResult r) {
        return r.getErrorOutput()
                .lines()
                .filter(
                        l -> !l.matches(
                                "trawl: (trawl .* started in .*|Profile prod activated\\. ?|Installed features: .*|trawl stopped in .*)"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }
}
