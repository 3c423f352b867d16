package org.trawl.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests as {@link BadInputTest}, against the built artifact (jar, or native with -Dnative). */
@QuarkusMainIntegrationTest
class BadInputIT extends BadInputTest {

    /**
     * Quarkus's integration launcher raises the log level, so the artifact also prints its start and
     * stop lines; a user's run does not (BadInputTest checks that on the JVM). Everything else stays.
     */
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
