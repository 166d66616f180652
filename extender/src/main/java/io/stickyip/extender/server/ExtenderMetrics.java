package io.stickyip.extender.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stickyip.extender.scheduling.Verdict;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The extender's meters: calls by verb and outcome, filter verdicts by reason, latency by verb
 * (with a histogram, so p50/p99 can be read from {@code /metrics}). Meters are made once, not per call.
 */
public final class ExtenderMetrics {
    /** The verbs served. */
    public enum Verb {
        FILTER,
        PRIORITIZE
    }

    /** How a call ended: answered, answered with {@code Error} (unknown pod or pool), or refused with HTTP 400. */
    public enum Outcome {
        OK,
        ERROR,
        BAD_REQUEST
    }

    private final Map<Verb, Map<Outcome, Counter>> calls = new EnumMap<>(Verb.class);
    private final Map<Verb, Timer> latency = new EnumMap<>(Verb.class);
    private final Counter passed;
    private final Map<Verdict.Reason, Counter> failed = new EnumMap<>(Verdict.Reason.class);

    public ExtenderMetrics(MeterRegistry registry) {
        for (Verb verb : Verb.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(
                        outcome,
                        Counter.builder("stickyip_extender_calls")
                                .description("extender calls by verb and outcome")
                                .tag("verb", lower(verb))
                                .tag("outcome", lower(outcome))
                                .register(registry));
            }
            calls.put(verb, byOutcome);
            latency.put(
                    verb,
                    Timer.builder("stickyip_extender_call_duration")
                            .description("time to answer a call, by verb")
                            .tag("verb", lower(verb))
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1).dividedBy(20))
                            .maximumExpectedValue(Duration.ofSeconds(5))
                            .register(registry));
        }
        passed = verdict(registry, "pass", "none");
        for (Verdict.Reason reason : Verdict.Reason.values()) {
            failed.put(reason, verdict(registry, reason.resolvable() ? "failed" : "unresolvable", lower(reason)));
        }
    }

    private static Counter verdict(MeterRegistry registry, String verdict, String reason) {
        return Counter.builder("stickyip_extender_verdicts")
                .description("filter verdicts per node, by verdict and reason")
                .tag("verdict", verdict)
                .tag("reason", reason)
                .register(registry);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    public void call(Verb verb, Outcome outcome, long startNanos) {
        calls.get(verb).get(outcome).increment();
        latency.get(verb).record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void verdict(Verdict verdict) {
        switch (verdict) {
            case Verdict.Pass p -> passed.increment();
            case Verdict.Fail f -> failed.get(f.reason()).increment();
        }
    }
}
