package org.trawl.fetch;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.trawl.progress.RunStats;

/**
 * One SmallRye Fault Tolerance guard per host: retries with jittered exponential backoff that
 * honours Retry-After, around a circuit breaker that opens when a host keeps failing, so the items
 * of a dead host fail fast instead of holding transfer slots while others wait.
 */
public final class HostGuards {
    private static final TypeLiteral<CompletionStage<Fetched>> TYPE = new TypeLiteral<>() {};
    private final Map<String, TypedGuard<CompletionStage<Fetched>>> guards = new ConcurrentHashMap<>();
    private final Map<String, String> lastHostFault = new ConcurrentHashMap<>();
    private final int retries;
    private final long baseDelayMs;
    private final long maxDelayMs;
    /** Longest Retry-After we wait for (--max-retry-wait); beyond it the item fails and a re-run picks it up. */
    private final long maxRetryWaitMs;

    private final RunStats stats;

    public HostGuards(int retries, long baseDelayMs, long maxDelayMs) {
        this(retries, baseDelayMs, maxDelayMs, Pacing.DEFAULT_MAX_RETRY_WAIT, null);
    }

    /**
     * @param maxRetryWait the longest Retry-After honoured
     * @param stats        where a Retry-After wait is told, for the progress line; null for nowhere
     */
    public HostGuards(int retries, long baseDelayMs, long maxDelayMs, Duration maxRetryWait, RunStats stats) {
        this.retries = retries;
        this.baseDelayMs = baseDelayMs;
        this.maxDelayMs = maxDelayMs;
        this.maxRetryWaitMs = maxRetryWait.toMillis();
        this.stats = stats;
    }

    /** Whether a failure asked for a longer wait than --max-retry-wait allows. */
    boolean waitTooLong(FetchFailure f) {
        return f.retryAfterMillis() > maxRetryWaitMs;
    }

    public TypedGuard<CompletionStage<Fetched>> forHost(String host) {
        return guards.computeIfAbsent(host, this::build);
    }

    private TypedGuard<CompletionStage<Fetched>> build(String host) {
        return TypedGuard.create(TYPE)
                .withDescription("fetch from " + host)
                .withRetry()
                .maxRetries(retries)
                .maxDuration(1, ChronoUnit.DAYS)
                .whenException(this::worthRetrying)
                .withCustomBackoff()
                .strategy(() -> new Backoff(host))
                .done()
                .done()
                .withCircuitBreaker()
                .name("trawl-host-" + host + "-" + System.identityHashCode(this))
                .when(e -> e instanceof FetchFailure f && f.hostFault())
                .requestVolumeThreshold(20)
                .failureRatio(0.9)
                .delay(30, ChronoUnit.SECONDS)
                .successThreshold(1)
                .done()
                .build();
    }

    /** Remembers an attempt's failure when it is the host's fault (refused, timed out, 5xx), for {@link #lastHostFault}. */
    public void noteFailure(String host, Throwable e) {
        if (e instanceof FetchFailure f && f.hostFault()) {
            lastHostFault.put(host, f.reason());
        }
    }

    /** The reason of the host's latest host-fault failure, or null. */
    public String lastHostFault(String host) {
        return lastHostFault.get(host);
    }

    boolean worthRetrying(Throwable e) {
        if (e instanceof CircuitBreakerOpenException) {
            return false;
        }
        return e instanceof FetchFailure f && f.retryable() && !waitTooLong(f);
    }

    /** Retry-After when the server gave one, else full-jitter exponential backoff. */
    private final class Backoff implements CustomBackoffStrategy {
        private final String host;
        private int attempt;

        Backoff(String host) {
            this.host = host;
        }

        @Override
        public long nextDelayInMillis(Throwable cause) {
            if (cause instanceof FetchFailure f && f.retryAfterMillis() >= 0) {
                attempt++;
                long wait = Math.max(f.retryAfterMillis(), 1);
                if (stats != null) {
                    stats.waiting("Retry-After " + (wait + 999) / 1000 + "s " + host, wait * 1_000_000);
                }
                return wait;
            }
            long cap = Math.min(maxDelayMs, baseDelayMs << Math.min(attempt++, 20));
            // full jitter: spreads the retries of many items that failed together
            return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        }
    }
}
