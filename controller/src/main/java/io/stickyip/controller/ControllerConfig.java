package io.stickyip.controller;

import io.stickyip.controller.nodes.NodeAddressConfig;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.Identity;
import io.stickyip.runtime.config.ServerConfig;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.LogFormat;
import io.stickyip.runtime.pods.UnbornGrace;
import io.stickyip.store.config.EtcdStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller's configuration, built once from environment variables with runtime's {@link Env}: validated at
 * start-up, defaults as named constants, logged once. The etcd settings are the store's ({@link EtcdStoreConfig}),
 * shared with the webhook; {@code STICKYIP_UNBORN_GRACE} is read by both ({@link UnbornGrace}).
 *
 * @param server         listen address and port of /healthz, /readyz and /metrics (HTTPS only with a certificate directory)
 * @param etcd           etcd client URLs, key prefix, per-call timeout, TLS ({@link EtcdStoreConfig#fromEnv})
 * @param poolsFile      IPPools from this YAML file instead of the cluster's (a test set-up); the pods are still the cluster's
 * @param gcGrace        how long a workload must be gone before its addresses are released
 * @param gcInterval     how often the collector looks
 * @param unbornGrace    how long after its admission a slot whose pod never came to exist is given back (and a bare
 *                       pod's reservation released), apart from {@code gcGrace}, which protects workloads that exist
 * @param logFormat      text or JSON logs
 * @param leaseNamespace namespace of the leader-election Leases
 * @param identity       this replica's identity (leader election, logs)
 * @param nodeAddresses  the node-address controller (aws and static node pools), when enabled ({@link NodeAddressConfig})
 */
public record ControllerConfig(
        ServerConfig server,
        EtcdStoreConfig etcd,
        Optional<Path> poolsFile,
        Duration gcGrace,
        Duration gcInterval,
        Duration unbornGrace,
        LogFormat logFormat,
        String leaseNamespace,
        String identity,
        Optional<NodeAddressConfig> nodeAddresses)
        implements Launcher.LaunchConfig {

    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_GC_GRACE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_GC_INTERVAL = Duration.ofSeconds(30);
    public static final String DEFAULT_LEASE_NAMESPACE = "stickyip-system";
    /**
     * The collectors' leader Lease. Named as when the webhook ran them: during an upgrade, old webhook replicas and
     * new controller replicas contend for the one Lease, so there is never more than one collector.
     */
    public static final String LEASE_NAME = "stickyip-webhook-gc";

    public static ControllerConfig fromMap(Map<String, String> env) {
        return fromEnv(new Env(env));
    }

    public static ControllerConfig fromEnv(Env env) {
        return new ControllerConfig(
                ServerConfig.fromEnv(env, ServerConfig.Defaults.httpUnlessCertDir(DEFAULT_PORT)),
                EtcdStoreConfig.fromEnv(env),
                env.optionalPath("STICKYIP_POOLS_FILE"),
                env.duration("STICKYIP_GC_GRACE", DEFAULT_GC_GRACE),
                env.duration("STICKYIP_GC_INTERVAL", DEFAULT_GC_INTERVAL),
                UnbornGrace.fromEnv(env),
                env.oneOf("STICKYIP_LOG_FORMAT", LogFormat.TEXT),
                env.firstOf(List.of("STICKYIP_LEASE_NAMESPACE", "POD_NAMESPACE"), DEFAULT_LEASE_NAMESPACE),
                Identity.of(env, "stickyip-controller"),
                NodeAddressConfig.fromEnv(env));
    }

    /** For the start-up log line. */
    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(server.describe());
        m.put("etcd", etcd.endpoints());
        m.put(
                "etcdTls",
                etcd.tls()
                        .map(t -> "CA " + t.caFile() + ", client certificate " + t.certFile())
                        .orElse("off (plain HTTP asked for)"));
        m.put("etcdPrefix", etcd.prefix());
        m.put("etcdTimeout", etcd.timeout());
        m.put("pools", poolsFile.map(Path::toString).orElse("kubernetes"));
        m.put("gcGrace", gcGrace);
        m.put("gcInterval", gcInterval);
        m.put("unbornGrace", unbornGrace);
        m.put("leaseNamespace", leaseNamespace);
        m.put("identity", identity);
        m.put(
                "nodeAddresses",
                nodeAddresses.<Object>map(NodeAddressConfig::describe).orElse("off"));
        return m;
    }
}
