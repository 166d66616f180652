package io.stickyip.controller.nodes;

import io.stickyip.aws.AwsConfig;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The node-address controller's settings, from the environment (off unless {@value #ENABLED} is true):
 *
 * @param cluster  this cluster's name, written on every Elastic IP it holds ({@code stickyip.io/cluster}); one
 *                 name per cluster sharing an AWS account
 * @param interval how often the leader passes over the node pools (resync)
 * @param reconcileInterval how often (at most) the leader compares the cloud with the store ({@link CloudAudit})
 * @param leakGrace how long an EIP tagged with this cluster must be held by no reservation before it is released
 * @param aws      the EC2 adapter's settings ({@code STICKYIP_AWS_*}, {@link AwsConfig}); credentials from the SDK's
 *                 default chain only
 */
public record NodeAddressConfig(
        String cluster, Duration interval, Duration reconcileInterval, Duration leakGrace, AwsConfig aws) {
    public static final String ENABLED = "STICKYIP_NODE_ADDRESSES";
    public static final String CLUSTER = "STICKYIP_CLUSTER_NAME";
    public static final String INTERVAL = "STICKYIP_NODE_ADDRESS_INTERVAL";
    public static final String DEFAULT_CLUSTER = "stickyip";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    public static final String RECONCILE_INTERVAL = "STICKYIP_CLOUD_RECONCILE_INTERVAL";
    public static final String LEAK_GRACE = "STICKYIP_CLOUD_LEAK_GRACE";
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_LEAK_GRACE = Duration.ofMinutes(10);
    /** The leader Lease of the controller, apart from the collector's. */
    public static final String LEASE_NAME = "stickyip-node-addresses";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** Empty unless {@value #ENABLED} is true; a bad value names the variable and the value. */
    public static Optional<NodeAddressConfig> fromEnv(Env env) {
        if (!env.bool(ENABLED, false)) {
            return Optional.empty();
        }
        String cluster = env.parsed(CLUSTER, DEFAULT_CLUSTER, v -> {
            if (!NAME.matcher(v).matches()) {
                throw new IllegalArgumentException(
                        "is not a cluster name (1-63 letters, digits, '.', '_', '-', starting with a letter or digit)");
            }
            return v;
        });
        Duration interval = env.duration(INTERVAL, DEFAULT_INTERVAL);
        if (interval.isZero() || interval.isNegative()) {
            throw InvalidConfigException.of(INTERVAL, env.string(INTERVAL, ""), "must be positive");
        }
        Duration reconcile = env.duration(RECONCILE_INTERVAL, DEFAULT_RECONCILE_INTERVAL);
        if (reconcile.isZero() || reconcile.isNegative()) {
            throw InvalidConfigException.of(RECONCILE_INTERVAL, env.string(RECONCILE_INTERVAL, ""), "must be positive");
        }
        Duration grace = env.duration(LEAK_GRACE, DEFAULT_LEAK_GRACE);
        if (grace.isNegative()) {
            throw InvalidConfigException.of(LEAK_GRACE, env.string(LEAK_GRACE, ""), "must not be negative");
        }
        try {
            return Optional.of(
                    new NodeAddressConfig(cluster, interval, reconcile, grace, AwsConfig.fromMap(env.asMap())));
        } catch (AwsConfig.InvalidConfig e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster);
        m.put("interval", interval);
        m.put("reconcileInterval", reconcileInterval);
        m.put("leakGrace", leakGrace);
        m.putAll(aws.describe());
        return m;
    }
}
