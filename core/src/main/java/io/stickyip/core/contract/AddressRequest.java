package io.stickyip.core.contract;

import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a pod's annotations ask for, validated.
 *
 * @param pools          pool names from {@code stickyip.io/pool} (may be empty if addresses are explicit)
 * @param explicit       exact addresses from {@code stickyip.io/ip} or {@code kube-ipam.ip}, in order
 * @param explicitSource the annotation the explicit addresses came from (for messages)
 * @param perPod         {@code stickyip.io/addresses-per-pod}, if given
 * @param prefixLength   from {@code kube-ipam.netmask}, if given
 * @param gateway        from {@code kube-ipam.gateway}, if given
 */
public record AddressRequest(
        List<String> pools,
        List<IPAddress> explicit,
        String explicitSource,
        OptionalInt perPod,
        OptionalInt prefixLength,
        Optional<IPAddress> gateway) {

    public AddressRequest {
        pools = List.copyOf(pools);
        explicit = List.copyOf(explicit);
    }

    public boolean hasExplicitAddresses() {
        return !explicit.isEmpty();
    }
}
