package io.stickyip.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The agent's meters at {@code /metrics}: pods plumbed, time from the pod's sandbox to its address live and
 * the condition set, the time of each step, failures by step, Lease writes, self-fences.
 */
public final class AgentMetrics {
    private final MeterRegistry registry;
    private final Timer timeToLive;
    private final Counter selfFences;

    public AgentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.timeToLive = Timer.builder("stickyip.agent.time.to.live")
                .description("from the pod sandbox's creation to its fixed addresses live and the condition set")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.selfFences = Counter.builder("stickyip.agent.self.fences")
                .description("times this agent removed its addresses because it could not renew its Lease")
                .register(registry);
    }

    /** @param live how many pods have their addresses live now */
    public void podsPlumbed(Supplier<Number> live) {
        Gauge.builder("stickyip.agent.pods.plumbed", live)
                .description("pods whose fixed addresses are live on this node")
                .register(registry);
    }

    /** @param writes Lease writes so far */
    public void leaseWrites(Supplier<Number> writes) {
        Gauge.builder("stickyip.agent.lease.writes", writes)
                .description("writes of agent Leases by this process")
                .register(registry);
    }

    public void timeToLive(Duration d) {
        timeToLive.record(d);
    }

    /** How long one step took: fence, cri, add, check, del, condition, sweep. */
    public void step(String step, Duration d) {
        Timer.builder("stickyip.agent.step")
                .tag("step", step)
                .description("duration of one step of a pod's reconcile")
                .register(registry)
                .record(d);
    }

    public void failure(String step) {
        Counter.builder("stickyip.agent.failures")
                .tag("step", step)
                .description("failed steps, by step")
                .register(registry)
                .increment();
    }

    public void selfFenced() {
        selfFences.increment();
    }
}
