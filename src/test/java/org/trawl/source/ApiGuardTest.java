package org.trawl.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.trawl.core.ExitCode;
import org.trawl.core.TrawlException;

/**
 * What an API answer becomes for the user: not found, the user's error, or a fatal failure naming the site.
 * (A Quarkus test: the guard's SmallRye Fault Tolerance runtime comes with the application.)
 */
@QuarkusTest
class ApiGuardTest {
    private final ApiGuard fathomnet = new ApiGuard("FathomNet", "http://127.0.0.1:9", ": check the filters", 0, 1);

    @Test
    void notFoundIsTheCallersAnswer() {
        assertThat(fathomnet.call(
                        "taxa/query/x",
                        () -> {
                            throw new WebApplicationException(404);
                        },
                        "none"))
                .isEqualTo("none");
        assertThat(fathomnet.call("taxa/query/x", () -> "found", "none")).isEqualTo("found");
    }

    @Test
    void aRefusalIsTheUsersErrorWithTheHint() {
        assertThatThrownBy(() -> fathomnet.call(
                        "POST images/query (Aurelia)",
                        () -> {
                            throw new WebApplicationException(400);
                        },
                        null))
                .isInstanceOf(TrawlException.class)
                .hasMessage("FathomNet refused POST images/query (Aurelia) (HTTP 400): check the filters")
                .satisfies(e -> assertThat(((TrawlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void anyOtherStatusOrNoAnswerIsFatalAndNamesTheSite() {
        ApiGuard m3 = new ApiGuard("M3", "http://m3.test", "", 0, 1);
        assertThatThrownBy(() -> m3.call(
                        "GET imagereferences/u",
                        () -> {
                            throw new WebApplicationException(503);
                        },
                        null))
                .isInstanceOf(TrawlException.class)
                .hasMessage("M3 GET imagereferences/u failed: HTTP 503 at http://m3.test")
                .satisfies(e -> assertThat(((TrawlException) e).exitCode()).isEqualTo(ExitCode.FATAL));
        assertThatThrownBy(() -> m3.call(
                        "GET imagereferences/u",
                        () -> {
                            throw new ProcessingException(new ConnectException("Connection refused"));
                        },
                        null))
                .isInstanceOf(TrawlException.class)
                .hasMessage("M3 GET imagereferences/u failed: Connection refused at http://m3.test");
    }
}
