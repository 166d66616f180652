package io.stickyip.agent.cloud;

import io.stickyip.aws.AwsConfig;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The agent's cloud side (pod-level aws pools), on only when a {@code STICKYIP_AWS_*} variable is set: without it
 * the agent creates no EC2 client and refuses such pods ({@code ProviderNotOnNode}).
 *
 * @param cluster this cluster's name on the Elastic IPs it holds ({@code stickyip.io/cluster}), as the webhook's
 * @param aws     the EC2 adapter's settings ({@link AwsConfig}); credentials from the SDK's default chain only
 */
public record CloudConfig(String cluster, AwsConfig aws) {
    public static final String CLUSTER = "STICKYIP_CLUSTER_NAME";
    public static final String DEFAULT_CLUSTER = "stickyip";
    static final String AWS_PREFIX = "STICKYIP_AWS_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** Empty unless a {@code STICKYIP_AWS_*} variable is set; a bad value names the variable and the value. */
    public static Optional<CloudConfig> fromEnv(Env env) {
        boolean any = env.asMap().entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith(AWS_PREFIX)
                        && e.getValue() != null
                        && !e.getValue().isBlank());
        if (!any) {
            return Optional.empty();
        }
        String cluster = env.parsed(CLUSTER, DEFAULT_CLUSTER, v -> {
            if (!NAME.matcher(v).matches()) {
                throw new IllegalArgumentException(
                        "is not a cluster name (1-63 letters, digits, '.', '_', '-', starting with a letter or digit)");
            }
            return v;
        });
        try {
            return Optional.of(new CloudConfig(cluster, AwsConfig.fromMap(env.asMap())));
        } catch (AwsConfig.InvalidConfig e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster);
        m.putAll(aws.describe());
        return m;
    }
}
