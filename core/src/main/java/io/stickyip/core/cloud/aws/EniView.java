package io.stickyip.core.cloud.aws;

import java.util.Objects;
import java.util.Set;

/** A network interface as DescribeNetworkInterfaces shows it: its subnet and private addresses. */
public record EniView(String id, String subnetId, String primaryIp, Set<String> privateIps) {
    public EniView {
        Objects.requireNonNull(id, "id");
        privateIps = Set.copyOf(privateIps);
    }

    public boolean holds(String ip) {
        return privateIps.contains(ip);
    }

    public Binding primary() {
        return new Binding(id, primaryIp);
    }
}
