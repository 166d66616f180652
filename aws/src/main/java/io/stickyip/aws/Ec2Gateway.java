package io.stickyip.aws;

import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.EniView;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The EC2 calls stickyip makes, in its own terms: reads that become core's values, and one
 * {@link #apply} for every mutating step core decides. Every call is bounded by the client's
 * timeouts; mutating ones also by the {@link MutationLimiter}.
 */
public interface Ec2Gateway {

    /** DescribeAddresses with the pool's filter (paged by the SDK: the call returns all at once). */
    List<ElasticIp> addresses(AddressFilter filter);

    /** DescribeAddresses by allocation ID; empty when it no longer exists. */
    Optional<ElasticIp> address(String allocationId);

    /** DescribeAddresses of several allocation IDs, by filter (missing ones are simply absent). */
    List<ElasticIp> addresses(Set<String> allocationIds);

    /** DescribeNetworkInterfaces of one ENI; empty when it no longer exists. */
    Optional<EniView> networkInterface(String eniId);

    /** Every ENI in the subnet, with its private addresses (DescribeNetworkInterfaces, filter subnet-id). */
    List<EniView> subnetInterfaces(String subnetId);

    /** DescribeSubnets: the subnet's IPv4 CIDR. */
    String subnetCidr(String subnetId);

    /** DescribeInstances: the instance's type and its primary ENI (device index 0). */
    InstanceView instance(String instanceId);

    /** DescribeInstanceTypes: NetworkInfo.Ipv4AddressesPerInterface. */
    int ipv4AddressesPerInterface(String instanceType);

    /** One mutating call; throws {@link Ec2CallException} when EC2 refuses it. */
    void apply(CloudStep step);

    record InstanceView(String instanceId, String instanceType, EniView primaryEni) {}
}
