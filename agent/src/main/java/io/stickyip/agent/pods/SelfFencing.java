package io.stickyip.agent.pods;

import io.stickyip.agent.AgentMetrics;
import io.stickyip.agent.fence.FenceWatchdog;
import io.stickyip.agent.netns.CommandFailedException;
import io.stickyip.agent.netns.DataPlane;
import io.stickyip.agent.netns.DelOutcome;
import io.stickyip.agent.work.WorkQueue;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the watchdog does to the pods: every live address off the node (links and proxies first), then back through the fence. */
public final class SelfFencing implements FenceWatchdog.Actions {
    private static final Logger LOG = LoggerFactory.getLogger(SelfFencing.class);

    private final LiveSet live;
    private final DataPlane dataPlane;
    private final LocalPods pods;
    private final WorkQueue queue;
    private final AgentMetrics metrics;

    public SelfFencing(LiveSet live, DataPlane dataPlane, LocalPods pods, WorkQueue queue, AgentMetrics metrics) {
        this.live = live;
        this.dataPlane = dataPlane;
        this.pods = pods;
        this.queue = queue;
        this.metrics = metrics;
    }

    @Override
    public void fenceAll() {
        Map<String, LiveSet.Entry> all = live.all();
        if (all.isEmpty()) {
            return;
        }
        metrics.selfFenced();
        LOG.warn(
                "self-fencing: the agent Lease could not be renewed in time; removing {} pod(s)' addresses",
                all.size());
        for (Map.Entry<String, LiveSet.Entry> e : all.entrySet()) {
            try {
                DelOutcome out = dataPlane.fence(e.getValue().request());
                if (out instanceof DelOutcome.Failed f) {
                    LOG.error(
                            "self-fence incomplete pod={} problems={} (tried again next round)",
                            e.getValue().pod(),
                            f.problems());
                    continue;
                }
            } catch (CommandFailedException ex) {
                LOG.error(
                        "self-fence incomplete pod={} error=\"{}\" (tried again next round)",
                        e.getValue().pod(),
                        ex.getMessage());
                continue;
            }
            live.fenced(e.getKey());
            LOG.warn(
                    "self-fenced pod={} addresses={}",
                    e.getValue().pod(),
                    e.getValue().addresses());
        }
    }

    @Override
    public void resumeAll() {
        LOG.info("agent Lease renewed: pods take their addresses again through the fence");
        pods.all().forEach(p -> queue.add(p.getMetadata().getUid()));
    }
}
