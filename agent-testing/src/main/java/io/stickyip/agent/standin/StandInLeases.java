package io.stickyip.agent.standin;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.stickyip.agent.AgentConfig;
import io.stickyip.agent.fence.LeaseApi;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.node.AgentReport;
import io.stickyip.runtime.kube.Cache;
import io.stickyip.runtime.kube.LoopTask;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The served nodes' agent Leases, each written by {@link AgentLeases#due}'s rule (a change, or a heartbeat
 * due), so N nodes cost N writes per heartbeat period. Leases of nodes no longer served are deleted.
 */
final class StandInLeases {
    private static final Logger LOG = LoggerFactory.getLogger(StandInLeases.class);
    static final String STAND_IN_LABEL = "stickyip.io/stand-in";
    /** Lease writes in flight at once: enough for 5,000 nodes per heartbeat, few enough not to flood the API server. */
    static final int WRITERS = 16;

    private final LeaseApi api;
    private final AgentConfig config;
    private final Clock clock;
    private final ToIntFunction<Node> capacity;
    private final Map<String, AgentLeases.Read> written = new ConcurrentHashMap<>();
    private final LongAdder writes = new LongAdder();
    private final ExecutorService writers;

    /** @param capacity a node's capacity (the setting, or its instance's room) */
    StandInLeases(LeaseApi api, AgentConfig config, Clock clock, ToIntFunction<Node> capacity) {
        this.api = api;
        this.config = config;
        this.clock = clock;
        this.capacity = capacity;
        this.writers = Executors.newFixedThreadPool(
                WRITERS,
                Thread.ofPlatform().name("stickyip-stand-in-lease-", 0).daemon().factory());
    }

    /**
     * Writes the Leases that are due, at most {@link #WRITERS} at a time (one after another, 5,000
     * nodes' writes took longer than a Lease lasts); returns when every write of the round is done.
     * A failed write is tried again next round.
     */
    void heartbeat(List<Node> nodes, Map<String, SortedSet<String>> attached) {
        List<AgentReport> due = new ArrayList<>();
        for (Node n : nodes) {
            String node = n.getMetadata().getName();
            Instant now = clock.instant();
            SortedSet<String> addrs = attached.getOrDefault(node, Collections.emptySortedSet());
            AgentReport desired = new AgentReport(
                    node,
                    config.holder(),
                    now,
                    config.fence().lease(),
                    Math.max(0, capacity.applyAsInt(n) - addrs.size()),
                    addrs);
            AgentLeases.Read current =
                    written.getOrDefault(node, new AgentLeases.Read.Unreadable(node, "not written yet"));
            if (AgentLeases.due(current, desired, now, config.heartbeat())) {
                due.add(desired);
            }
        }
        AtomicInteger failed = new AtomicInteger();
        List<Future<?>> writing = new ArrayList<>(due.size());
        for (AgentReport report : due) {
            writing.add(writers.submit(() -> {
                try {
                    written.put(report.node(), AgentLeases.read(api.apply(lease(report))));
                    writes.increment();
                } catch (KubernetesClientException e) {
                    failed.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : writing) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                failed.incrementAndGet();
                LOG.warn(
                        "stand-in heartbeat: a Lease write failed error=\"{}\"",
                        e.getCause().toString());
            }
        }
        if (failed.get() > 0) {
            LOG.warn(
                    "stand-in heartbeat: {} of {} Lease write(s) failed (tried again next round)",
                    failed.get(),
                    due.size());
        }
    }

    /** Deletes the stand-in Leases of nodes not served (any more). */
    void removeUnserved(List<Node> nodes) {
        Set<String> served = new HashSet<>();
        nodes.forEach(n -> served.add(n.getMetadata().getName()));
        for (Lease l : api.listAll()) {
            Map<String, String> labels = l.getMetadata().getLabels();
            String node = l.getMetadata().getAnnotations() == null
                    ? null
                    : l.getMetadata().getAnnotations().get(AgentLeases.NODE);
            if (labels != null && "true".equals(labels.get(STAND_IN_LABEL)) && !served.contains(node)) {
                api.delete(l.getMetadata().getName());
            }
        }
    }

    ResourceEventHandler<Node> nodeEvents() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {}

            @Override
            public void onUpdate(Node before, Node node) {}

            @Override
            public void onDelete(Node node, boolean unknownFinalState) {
                written.remove(node.getMetadata().getName());
                try {
                    api.delete(AgentLeases.name(node.getMetadata().getName()));
                } catch (KubernetesClientException e) {
                    LOG.warn(
                            "stand-in Lease of deleted node {} not deleted: {}",
                            node.getMetadata().getName(),
                            e.getMessage());
                }
            }
        };
    }

    LoopTask task(Cache<Node> nodes, StandInPods pods) {
        return new LoopTask() {
            @Override
            public String name() {
                return "stand-in heartbeat";
            }

            @Override
            public void runOnce() {
                heartbeat(nodes.list(), pods.attachedByNode());
            }
        };
    }

    long writes() {
        return writes.sum();
    }

    /** Stops the writers (at shutdown). */
    void close() {
        writers.shutdownNow();
    }

    private Lease lease(AgentReport report) {
        Lease lease = AgentLeases.toLease(config.leaseNamespace(), report);
        Map<String, String> labels = new LinkedHashMap<>(lease.getMetadata().getLabels());
        labels.put(STAND_IN_LABEL, "true");
        lease.getMetadata().setLabels(labels);
        return lease;
    }
}
