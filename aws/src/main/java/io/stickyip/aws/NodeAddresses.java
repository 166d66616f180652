package io.stickyip.aws;

import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.NodeAssociation;
import java.util.List;

/**
 * Node-level pools against EC2: list a pool's addresses, associate one with a node's primary
 * private address, release it. Decisions are {@link NodeAssociation}'s; this class only reads and
 * runs them. Blocking: call from a worker thread.
 */
public final class NodeAddresses {

    private final Ec2Gateway ec2;
    private final StepRunner runner;
    private final boolean verifyPrivateIp;

    public NodeAddresses(Ec2Gateway ec2, StepRunner runner, boolean verifyPrivateIp) {
        this.ec2 = ec2;
        this.runner = runner;
        this.verifyPrivateIp = verifyPrivateIp;
    }

    /** The pool's Elastic IPs (its filter applied by DescribeAddresses); order them with the pool's AddressOrder. */
    public List<ElasticIp> pool(AddressFilter filter) {
        return ec2.addresses(filter);
    }

    /** Where a node's address goes: the instance's primary ENI (device index 0) and its primary private address. */
    public NodeAssociation.Target target(String cluster, String pool, String node, String instanceId) {
        return new NodeAssociation.Target(
                cluster, pool, node, ec2.instance(instanceId).primaryEni().primary());
    }

    /** Tags, associates (AllowReassociation=false) and reads back; {@link CloudStep.Done} or why not. */
    public CloudStep associate(String allocationId, NodeAssociation.Target target) {
        return runner.run(
                "associate " + allocationId + " with node " + target.node(),
                () -> NodeAssociation.associate(ec2.address(allocationId).orElse(null), target, verifyPrivateIp));
    }

    /** Disassociates (where we bound it) and drops our tags; {@link CloudStep.Released}. */
    public CloudStep release(String allocationId, String node) {
        return runner.run(
                "release " + allocationId + " of node " + node,
                () -> NodeAssociation.release(ec2.address(allocationId).orElse(null), node));
    }
}
