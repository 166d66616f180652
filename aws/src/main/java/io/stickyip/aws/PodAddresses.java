package io.stickyip.aws;

import io.stickyip.core.cloud.aws.Binding;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.EniView;
import io.stickyip.core.cloud.aws.PodAddressCapacity;
import io.stickyip.core.cloud.aws.PodAssociation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pod-level public addresses against EC2: a secondary private address on the node's primary ENI
 * with the pod's EIP associated to it, moved in the fenced order, released, and the node's capacity.
 * Decisions are {@link PodAssociation}'s. Blocking: call from a worker thread.
 */
public final class PodAddresses {

    private final Ec2Gateway ec2;
    private final StepRunner runner;
    private final boolean verifyPrivateIp;

    public PodAddresses(Ec2Gateway ec2, StepRunner runner, boolean verifyPrivateIp) {
        this.ec2 = ec2;
        this.runner = runner;
        this.verifyPrivateIp = verifyPrivateIp;
    }

    /** Who asks: the pod's workload key and its node's instance. */
    public record Holder(String cluster, String pool, String owner, String instanceId) {}

    /**
     * Makes the EIP live on the holder's node, moving it from wherever its binding tag says it is.
     *
     * @param fenced whether the caller holds the address's fence (issue 9's protocol); without it, a
     *               binding still on another node is left alone and the answer is {@code Refused(FENCED)}
     */
    public CloudStep bind(String allocationId, Holder holder, boolean fenced) {
        EniView primary = ec2.instance(holder.instanceId()).primaryEni();
        String subnetCidr = ec2.subnetCidr(primary.subnetId());
        return runner.run("bind " + allocationId + " for " + holder.owner() + " on " + holder.instanceId(), () -> {
            ElasticIp eip = ec2.address(allocationId).orElse(null);
            Map<String, EniView> subnet = ec2.subnetInterfaces(primary.subnetId()).stream()
                    .collect(Collectors.toMap(EniView::id, Function.identity()));
            EniView target = subnet.getOrDefault(primary.id(), primary);
            EniView recorded = recordedEni(eip, subnet);
            Set<String> used = subnet.values().stream()
                    .flatMap(e -> e.privateIps().stream())
                    .collect(Collectors.toSet());
            return PodAssociation.bind(
                    new PodAssociation.Observed(eip, recorded, subnetCidr, used),
                    new PodAssociation.Target(holder.cluster(), holder.pool(), holder.owner(), target),
                    fenced,
                    verifyPrivateIp);
        });
    }

    /** Disassociates, unassigns the secondary address, drops our tags. */
    public CloudStep release(String allocationId, String owner) {
        return runner.run("release " + allocationId + " of " + owner, () -> {
            ElasticIp eip = ec2.address(allocationId).orElse(null);
            return PodAssociation.release(eip, recordedEni(eip, Map.of()), owner);
        });
    }

    /** The node's room for pod addresses (DescribeInstances + DescribeInstanceTypes), given the addresses bound there. */
    public PodAddressCapacity capacity(String instanceId, Set<String> ours) {
        Ec2Gateway.InstanceView instance = ec2.instance(instanceId);
        return new PodAddressCapacity(
                ec2.ipv4AddressesPerInterface(instance.instanceType()), instance.primaryEni(), ours);
    }

    private EniView recordedEni(ElasticIp eip, Map<String, EniView> known) {
        Optional<Binding> binding = eip == null ? Optional.empty() : eip.recordedBinding();
        return binding.map(b -> Optional.ofNullable(known.get(b.networkInterfaceId()))
                        .or(() -> ec2.networkInterface(b.networkInterfaceId()))
                        .orElse(null))
                .orElse(null);
    }
}
