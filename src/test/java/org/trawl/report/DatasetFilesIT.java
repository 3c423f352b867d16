package org.trawl.report;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import java.util.stream.Collectors;

/** The same tests as {@link DatasetFilesTest}, against the built artifact (jar, or native with -Dnative). */
@QuarkusMainIntegrationTest
class DatasetFilesIT extends DatasetFilesTest {

    /** The integration launcher raises the log level: the artifact also prints start/stop lines. */
    @Override
    String errorOutput(LaunchResult r) {
        return r.getErrorOutput()
                .lines()
                .filter(l ->
                        !l.matches("trawl: (trawl .* started in .*|Profile prod activated\\. ?|Installed features: .*"
                                + "|trawl stopped in .*)"))
                .collect(Collectors.joining("\n"));
    }
}
