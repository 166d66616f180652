package io.stickyip.agent;

import io.stickyip.agent.cloud.CloudConfig;
import io.stickyip.agent.work.Backoff;
import io.stickyip.agent.work.WorkQueue;
import io.stickyip.core.fencing.FenceTiming;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.Identity;
import io.stickyip.runtime.config.InvalidConfigException;
import io.stickyip.runtime.config.SealKeyConfig;
import io.stickyip.runtime.config.ServerConfig;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.LogFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's configuration from environment variables (runtime's {@link Env}): checked at start-up, a bad
 * value exits with code 2 naming it; defaults are the constants below (docs/configuration.md lists every variable).
 *
 * @param node           this node's name ({@code STICKYIP_NODE_NAME}, then {@code NODE_NAME})
 * @param holder         this instance, the Lease's {@code holderIdentity}
 * @param leaseNamespace where the agent Leases are
 * @param criSocket      the container runtime's CRI socket
 * @param lanInterface   the node's interface on the addresses' LAN (proxies, announcements, default master)
 * @param keepOnEth0     the cluster's pod and service CIDRs: they stay on the pod's own interface
 * @param fence          lease, safety and margin of the fence (docs/fencing.md)
 * @param heartbeat      how often the Lease is renewed (at most the lease / 2)
 * @param capacity       how many pod addresses this node carries at most (the Lease's free-addresses)
 * @param timings        retries, resync, sweep and call bounds
 * @param server         the ops server (/healthz, /readyz, /metrics)
 * @param logFormat      text or JSON logs
 * @param cloud          the cloud side of pod-level aws pools ({@code STICKYIP_AWS_*}, {@code STICKYIP_CLUSTER_NAME}); empty: none
 * @param seal           the webhook's public keys a pod's seal is verified with ({@value SealKeyConfig#PUBLIC_KEYS}, required)
 */
public record AgentConfig(
        String node,
        String holder,
        String leaseNamespace,
        Path criSocket,
        String lanInterface,
        List<IpPrefix> keepOnEth0,
        FenceTiming fence,
        Duration heartbeat,
        int capacity,
        Timings timings,
        ServerConfig server,
        LogFormat logFormat,
        Optional<CloudConfig> cloud,
        SealKeyConfig.Trust seal)
        implements Launcher.LaunchConfig {

    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_LEASE_NAMESPACE = "stickyip-system";
    public static final String DEFAULT_CRI_SOCKET = "unix:///run/containerd/containerd.sock";
    public static final String DEFAULT_LAN_INTERFACE = "eth0";
    /** kubeadm's default service range and the pod range most CNIs default to. */
    public static final List<String> DEFAULT_SERVICE_CIDRS = List.of("10.96.0.0/12");

    public static final List<String> DEFAULT_POD_CIDRS = List.of("10.244.0.0/16");
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    public static final int DEFAULT_CAPACITY = 64;

    /**
     * @param retryInitial first delay of a pod's retry (doubling, with jitter)
     * @param retryMax     longest delay between a pod's retries after a failure
     * @param pollMax      longest delay between looks while a pod's sandbox is being created
     * @param resync       how often every plumbed pod is read back (CHECK) and repaired
     * @param sweep        how often leftovers of pods gone without a DEL are looked for
     * @param command      bound of every iproute2 command
     * @param cri          bound of every CRI call
     * @param api          bound of every Kubernetes API request
     * @param workers      threads of the worker pool that runs the blocking steps
     */
    public record Timings(
            Duration retryInitial,
            Duration retryMax,
            Duration pollMax,
            Duration resync,
            Duration sweep,
            Duration command,
            Duration cri,
            Duration api,
            int workers) {

        /** The work queue's backoffs: after a failure, and while polling for a sandbox. */
        public WorkQueue.Backoffs backoffs() {
            return new WorkQueue.Backoffs(new Backoff(retryInitial, retryMax), new Backoff(retryInitial, pollMax));
        }
    }

    public static AgentConfig fromEnv(Env env) {
        String node = env.firstOf(List.of("STICKYIP_NODE_NAME", "NODE_NAME"), "");
        if (node.isEmpty()) {
            throw InvalidConfigException.of(
                    "STICKYIP_NODE_NAME", "(none)", "is required (the downward API's spec.nodeName)");
        }
        return fromEnv(env, node);
    }

    /**
     * The settings with the node named by the caller, not by the environment: for a process that serves no node
     * of its own (the KWOK stand-in of {@code stickyip-agent-testing} serves many, and passes none).
     */
    public static AgentConfig fromEnv(Env env, String node) {
        FenceTiming fence = fence(env);
        Duration heartbeat = env.duration("STICKYIP_HEARTBEAT_INTERVAL", DEFAULT_HEARTBEAT);
        if (heartbeat.isZero() || heartbeat.compareTo(fence.renewEvery()) > 0) {
            throw InvalidConfigException.of(
                    "STICKYIP_HEARTBEAT_INTERVAL",
                    env.string("STICKYIP_HEARTBEAT_INTERVAL", "10s"),
                    "must be positive and at most half of STICKYIP_FENCE_LEASE (" + fence.lease() + ")");
        }
        return new AgentConfig(
                node,
                Identity.of(env, "stickyip-agent"),
                env.firstOf(List.of("STICKYIP_AGENT_LEASE_NAMESPACE", "POD_NAMESPACE"), DEFAULT_LEASE_NAMESPACE),
                criSocket(env),
                env.string("STICKYIP_LAN_INTERFACE", DEFAULT_LAN_INTERFACE),
                keepOnEth0(env),
                fence,
                heartbeat,
                env.integer("STICKYIP_NODE_CAPACITY", DEFAULT_CAPACITY, 0, 1_000_000),
                timings(env),
                ServerConfig.fromEnv(env, ServerConfig.Defaults.httpUnlessCertDir(DEFAULT_PORT)),
                env.oneOf("STICKYIP_LOG_FORMAT", LogFormat.TEXT),
                CloudConfig.fromEnv(env),
                SealKeyConfig.trust(env));
    }

    private static FenceTiming fence(Env env) {
        Duration lease = env.duration("STICKYIP_FENCE_LEASE", FenceTiming.DEFAULT.lease());
        Duration safety = env.duration("STICKYIP_FENCE_SAFETY", FenceTiming.DEFAULT.safety());
        Duration margin = env.duration("STICKYIP_FENCE_MARGIN", FenceTiming.DEFAULT.margin());
        if (lease.toMillis() % 1000 != 0) {
            throw InvalidConfigException.of(
                    "STICKYIP_FENCE_LEASE",
                    env.string("STICKYIP_FENCE_LEASE", ""),
                    "must be whole seconds (a Lease counts seconds)");
        }
        try {
            return new FenceTiming(lease, safety, margin);
        } catch (IllegalArgumentException e) {
            throw InvalidConfigException.of(
                    "STICKYIP_FENCE_SAFETY",
                    env.string("STICKYIP_FENCE_SAFETY", safety.toString()),
                    "must be below half of STICKYIP_FENCE_LEASE (" + lease.toSeconds()
                            + "s), and the margin not negative");
        }
    }

    private static Path criSocket(Env env) {
        return env.parsed("STICKYIP_CRI_SOCKET", Path.of(DEFAULT_CRI_SOCKET.substring("unix://".length())), v -> {
            String path = v.startsWith("unix://") ? v.substring("unix://".length()) : v;
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException(
                        "is not a unix socket path (unix:///run/containerd/containerd.sock)");
            }
            return Path.of(path);
        });
    }

    private static List<IpPrefix> keepOnEth0(Env env) {
        List<IpPrefix> out = new ArrayList<>();
        for (String key : List.of("STICKYIP_POD_CIDRS", "STICKYIP_SERVICE_CIDRS")) {
            List<String> dflt = key.startsWith("STICKYIP_POD") ? DEFAULT_POD_CIDRS : DEFAULT_SERVICE_CIDRS;
            for (String cidr : env.list(key, dflt)) {
                try {
                    IpPrefix p = IpPrefix.parse(cidr);
                    if (!cidr.contains("/") || !p.network().equals(p)) {
                        throw InvalidConfigException.of(
                                key, cidr, "is not a CIDR without host bits (e.g. 10.244.0.0/16)");
                    }
                    out.add(p);
                } catch (IllegalArgumentException e) {
                    throw InvalidConfigException.of(key, cidr, "is not a CIDR (" + e.getMessage() + ")");
                }
            }
        }
        return List.copyOf(out);
    }

    private static Timings timings(Env env) {
        return new Timings(
                env.duration("STICKYIP_RETRY_INITIAL", Duration.ofMillis(20)),
                env.duration("STICKYIP_RETRY_MAX", Duration.ofSeconds(30)),
                env.duration("STICKYIP_POLL_MAX", Duration.ofMillis(50)),
                env.duration("STICKYIP_RESYNC_INTERVAL", Duration.ofMinutes(1)),
                env.duration("STICKYIP_SWEEP_INTERVAL", Duration.ofMinutes(5)),
                env.duration("STICKYIP_COMMAND_TIMEOUT", Duration.ofSeconds(5)),
                env.duration("STICKYIP_CRI_TIMEOUT", Duration.ofSeconds(2)),
                env.duration("STICKYIP_API_TIMEOUT", Duration.ofSeconds(5)),
                env.integer("STICKYIP_AGENT_WORKERS", 4, 1, 64));
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(server.describe());
        m.put("node", node);
        m.put("holder", holder);
        m.put("leaseNamespace", leaseNamespace);
        m.put("criSocket", criSocket);
        m.put("lanInterface", lanInterface);
        m.put("keepOnEth0", keepOnEth0.stream().map(IpPrefix::toString).toList());
        m.put("fence", "lease=" + fence.lease() + " safety=" + fence.safety() + " margin=" + fence.margin());
        m.put("heartbeat", heartbeat);
        m.put("capacity", capacity);
        m.put("timings", timings);
        m.put("logFormat", logFormat);
        cloud.ifPresent(c -> m.put("cloud", c.describe()));
        m.put("sealPublicKeys", seal.describe());
        return m;
    }
}
