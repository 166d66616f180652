package io.stickyip.agent.standin;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.agent.cloud.CloudAddress;
import io.stickyip.agent.cloud.CloudRefusals;
import io.stickyip.agent.cloud.PodCloud;
import io.stickyip.agent.pods.LocalPods;
import io.stickyip.agent.pods.PodReporter;
import io.stickyip.agent.work.Outcome;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.contract.SealKeys;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.intent.ReservationCheck;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.kube.Cache;
import io.stickyip.runtime.kube.EventRecorder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-in's pods: a managed pod bound to a served node whose reservation passes {@link ReservationCheck} (the
 * node agent's check: sealed by the webhook, inside its pool, namespace allowed, node within the placement) gets
 * {@code stickyip.io/ip-ready} True; its addresses count as attached (at most {@link AgentLeases#MAX_ATTACHED} per
 * node). A pod that fails the check gets the condition False with the reason and is never counted. A pod of a pod-level aws pool first gets its Elastic IP bound on its node's instance
 * ({@link StandInCloud}); without a cloud client such a pod is refused ({@code ProviderNotOnNode}).
 */
final class StandInPods {
    private static final Logger LOG = LoggerFactory.getLogger(StandInPods.class);
    static final String REASON = "StandIn";
    static final java.time.Duration FULL_RETRY = java.time.Duration.ofSeconds(30);

    private final LocalPods pods;
    private final Cache<Node> nodes;
    private final PodReporter reporter;
    private final Supplier<PoolCatalog> pools;
    private final Optional<StandInCloud> cloud;
    private final SealKeys keys;
    /** The pods that passed {@link ReservationCheck}, by UID, with the resourceVersion that passed. */
    private final Map<String, String> passed = new ConcurrentHashMap<>();

    StandInPods(
            LocalPods pods,
            Cache<Node> nodes,
            PodReporter reporter,
            Supplier<PoolCatalog> pools,
            Optional<StandInCloud> cloud,
            SealKeys keys) {
        this.keys = keys;
        this.pods = pods;
        this.nodes = nodes;
        this.reporter = reporter;
        this.pools = pools;
        this.cloud = cloud;
    }

    Outcome reconcile(String uid) {
        Outcome o = reconcileOnce(uid);
        if (o instanceof Outcome.Failed f) {
            LOG.warn("{} failed pod_uid={} error=\"{}\"", f.step(), uid, f.why());
        }
        return o;
    }

    private Outcome reconcileOnce(String uid) {
        Optional<Pod> pod = pods.byUid(uid);
        if (pod.isEmpty() || finished(pod.get())) {
            passed.remove(uid);
            return sweep();
        }
        if (served(pod.get()).isEmpty()) {
            return Outcome.done();
        }
        Optional<ManagedPod> mp = ManagedPod.read(pod.get());
        if (mp.isEmpty() || !mp.get().complete()) {
            return Outcome.done();
        }
        Optional<PodIntent.Invalid> refused = refusal(pod.get(), mp.get());
        if (refused.isPresent()) {
            return cannot(pod.get(), refused.get().reason(), refused.get().message(), Outcome.done());
        }
        if (mp.get().ipReady() == ManagedPod.Condition.TRUE) {
            return Outcome.done();
        }
        if (!roomFor(pod.get(), mp.get())) {
            return cannot(
                    pod.get(),
                    PodIntent.NODE_FULL,
                    "node " + pod.get().getSpec().getNodeName() + " lists " + AgentLeases.MAX_ATTACHED
                            + " addresses in its agent Lease, the most it may",
                    new Outcome.After(FULL_RETRY, PodIntent.NODE_FULL));
        }
        List<CloudAddress> addresses;
        try {
            addresses = CloudAddress.of(pod.get(), pools.get());
        } catch (ContractViolation e) {
            return cannot(pod.get(), PodIntent.INVALID_CONTRACT, e.getMessage(), Outcome.done());
        }
        String node = pod.get().getSpec().getNodeName();
        String message = "stand-in agent (a KWOK node has no data plane): "
                + String.join(",", mp.get().addresses()) + " counted live on node " + node;
        if (!addresses.isEmpty()) {
            Outcome bound = bind(pod.get(), node, addresses);
            if (!(bound instanceof Outcome.Done)) {
                return bound;
            }
            message += " (Elastic IP associated with its secondary private address)";
        }
        try {
            reporter.condition(pod.get(), true, REASON, message);
        } catch (KubernetesClientException e) {
            return new Outcome.Failed("condition", e.getMessage());
        }
        return Outcome.done();
    }

    /** The pod's Elastic IPs on its node's instance: Done, or the condition False with the reason and a retry. */
    private Outcome bind(Pod pod, String node, List<CloudAddress> addresses) {
        if (cloud.isEmpty()) {
            return cannot(
                    pod,
                    PodIntent.PROVIDER,
                    "pool " + addresses.getFirst().pool() + " is provider aws and the agent has no"
                            + " cloud client (set STICKYIP_AWS_REGION or STICKYIP_AWS_ENDPOINT)",
                    Outcome.done());
        }
        Optional<String> instance = cloud.get().instanceOf(node);
        if (instance.isEmpty()) {
            return cannot(
                    pod,
                    PodIntent.PROVIDER,
                    "node " + node + " has no EC2 instance in spec.providerID (aws:///ZONE/i-…):" + " pool "
                            + addresses.getFirst().pool() + " is provider aws",
                    Outcome.done());
        }
        List<CloudStep> steps;
        try {
            steps = cloud.get().bind(pod, addresses, instance.get());
        } catch (PodCloud.CloudUnavailable e) {
            return new Outcome.Failed("cloud", e.getMessage());
        }
        CloudStep last = steps.getLast();
        if (last instanceof CloudStep.Refused r) {
            CloudAddress a = addresses.get(steps.size() - 1);
            return cannot(
                    pod,
                    CloudRefusals.reason(r.reason()),
                    CloudRefusals.message(a, r),
                    new Outcome.After(
                            CloudRefusals.retryAfter(r.reason()), r.reason().name()));
        }
        return Outcome.done();
    }

    private Outcome cannot(Pod pod, String reason, String message, Outcome then) {
        reporter.event(pod, EventRecorder.Type.Warning, reason, message);
        try {
            reporter.condition(pod, false, reason, message);
        } catch (KubernetesClientException e) {
            return new Outcome.Failed("condition", e.getMessage());
        }
        return then;
    }

    /** A pod went (or is going): the EIPs no pod wants any more are released. */
    Outcome sweep() {
        if (cloud.isEmpty()) {
            return Outcome.done();
        }
        try {
            cloud.get().sweep();
        } catch (PodCloud.CloudUnavailable e) {
            return new Outcome.Failed("cloud", e.getMessage());
        }
        return Outcome.done();
    }

    /**
     * Per served node, the addresses of its pods whose condition is set and whose reservation passed the check,
     * at most {@link AgentLeases#MAX_ATTACHED} per node.
     */
    Map<String, SortedSet<String>> attachedByNode() {
        Map<String, SortedSet<String>> out = new HashMap<>();
        for (Pod p : pods.all()) {
            Optional<String> node = served(p);
            if (node.isEmpty()) {
                continue;
            }
            ManagedPod.read(p)
                    .filter(mp -> mp.ipReady() == ManagedPod.Condition.TRUE && mp.complete())
                    .filter(mp -> passed(p, mp))
                    .ifPresent(mp -> {
                        SortedSet<String> attached = out.computeIfAbsent(node.get(), n -> new TreeSet<>());
                        if (attached.size() + mp.addresses().size() <= AgentLeases.MAX_ATTACHED) {
                            attached.addAll(mp.addresses());
                        }
                    });
        }
        return out;
    }

    /** Why the pod's reservation is not one stickyip made for it on its node ({@link ReservationCheck}), if so. */
    private Optional<PodIntent.Invalid> refusal(Pod pod, ManagedPod mp) {
        Optional<Node> node = nodes.get("", pod.getSpec().getNodeName());
        ReservationCheck.Result r =
                ReservationCheck.check(pod, mp, new ReservationCheck.Trust(keys, node), pools.get());
        if (r instanceof ReservationCheck.Result.Refused(PodIntent.Invalid why)) {
            passed.remove(pod.getMetadata().getUid());
            return Optional.of(why);
        }
        passed.put(pod.getMetadata().getUid(), String.valueOf(pod.getMetadata().getResourceVersion()));
        return Optional.empty();
    }

    /** Whether the pod passed the check in this version (checked now if not seen yet, e.g. right after a restart). */
    private boolean passed(Pod pod, ManagedPod mp) {
        String version = passed.get(pod.getMetadata().getUid());
        return version != null
                        && version.equals(String.valueOf(pod.getMetadata().getResourceVersion()))
                || refusal(pod, mp).isEmpty();
    }

    /** Whether the pod's node lists few enough addresses to add the pod's. */
    private boolean roomFor(Pod pod, ManagedPod mp) {
        SortedSet<String> attached = attachedByNode().getOrDefault(pod.getSpec().getNodeName(), new TreeSet<>());
        return attached.containsAll(mp.addresses())
                || attached.size() + mp.addresses().size() <= AgentLeases.MAX_ATTACHED;
    }

    /** The served node the pod is bound to, if it is bound to one and still running there. */
    private Optional<String> served(Pod p) {
        String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
        if (node == null || finished(p)) {
            return Optional.empty();
        }
        return nodes.get("", node).map(n -> node);
    }

    /** Terminating, or done running. */
    private static boolean finished(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return p.getMetadata().getDeletionTimestamp() != null || "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
