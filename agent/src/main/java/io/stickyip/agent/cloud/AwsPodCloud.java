package io.stickyip.agent.cloud;

import io.micrometer.core.instrument.MeterRegistry;
import io.stickyip.aws.AwsCloud;
import io.stickyip.aws.Ec2CallException;
import io.stickyip.aws.PodAddresses;
import io.stickyip.aws.StepRunner;
import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.Binding;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.EniView;
import io.stickyip.core.cloud.aws.PodAssociation;
import io.stickyip.core.cloud.aws.Tags;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.runtime.lifecycle.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PodCloud} on runtime's EC2 adapter ({@link AwsCloud#pods()}): the pod's public IP is looked up among the
 * EIPs matching its pool's filter (allocation IDs and primary ENIs are cached: neither changes while the EIP or the
 * instance lives). Every decision stays runtime's and core's.
 */
public final class AwsPodCloud implements PodCloud {
    private static final Logger LOG = LoggerFactory.getLogger(AwsPodCloud.class);
    private final AwsCloud cloud;
    private final String cluster;
    private final StepRunner runner;
    private final Map<String, String> allocationByIp = new ConcurrentHashMap<>();
    private final Map<String, String> eniByInstance = new ConcurrentHashMap<>();

    /** @param readBackTimeout how long a release step's effect may take to show ({@code STICKYIP_AWS_READBACK_TIMEOUT}) */
    public AwsPodCloud(AwsCloud cloud, String cluster, Duration readBackTimeout) {
        this.cloud = cloud;
        this.cluster = cluster;
        this.runner = new StepRunner(cloud.gateway(), readBackTimeout, StepRunner.StepGate.OPEN);
    }

    /**
     * The agent's cloud client when it is configured for one (closed with {@code resources}, its {@code stickyip_ec2_*}
     * meters on {@code registry}); empty otherwise.
     */
    public static Optional<PodCloud> open(Optional<CloudConfig> config, Resources resources, MeterRegistry registry) {
        return config.map(c -> {
            LOG.info(
                    "cloud side of pod-level aws pools on cluster={} {}",
                    c.cluster(),
                    c.aws().describe());
            AwsCloud aws = resources.add(AwsCloud.create(c.aws()));
            aws.metrics().bindTo(registry);
            return new AwsPodCloud(aws, c.cluster(), c.aws().readBackTimeout());
        });
    }

    @Override
    public CloudStep bind(CloudAddress address, String instanceId, boolean fenced) {
        return call("bind " + address, () -> {
            Optional<String> allocation = allocation(address);
            if (allocation.isEmpty()) {
                return vanished(address);
            }
            CloudStep step = cloud.pods()
                    .bind(
                            allocation.get(),
                            new PodAddresses.Holder(cluster, address.pool(), address.owner(), instanceId),
                            fenced);
            if (step instanceof CloudStep.Refused r && r.reason() == CloudStep.Reason.VANISHED) {
                allocationByIp.remove(address.publicIp());
            }
            return step;
        });
    }

    @Override
    public CloudStep release(CloudAddress address, String instanceId) {
        return call("release " + address, () -> {
            Optional<String> allocation = allocation(address);
            if (allocation.isEmpty()) {
                return new CloudStep.Released(
                        "(no Elastic IP " + address.publicIp() + " in pool " + address.pool() + ")");
            }
            String id = allocation.get();
            String eni = eni(instanceId);
            // runtime's release, with one more rule checked at every round: a binding on another node (the workload
            // moved on, its new node is binding it) is left alone
            return runner.run("release " + id + " of " + address.owner() + " from " + instanceId, () -> {
                ElasticIp eip = cloud.gateway().address(id).orElse(null);
                Optional<Binding> bound = eip == null ? Optional.empty() : eip.recordedBinding();
                if (bound.isPresent() && !bound.get().networkInterfaceId().equals(eni)) {
                    return new CloudStep.Released(id);
                }
                EniView recorded = bound.flatMap(b -> cloud.gateway().networkInterface(b.networkInterfaceId()))
                        .orElse(null);
                return PodAssociation.release(eip, recorded, address.owner());
            });
        });
    }

    @Override
    public List<Held> held(String pool, AddressFilter filter) {
        return call(
                "list the Elastic IPs of pool " + pool,
                () -> cloud.nodes().pool(filter).stream()
                        .filter(e -> e.tag(Tags.CLUSTER).filter(cluster::equals).isPresent()
                                && e.tag(Tags.POOL).filter(pool::equals).isPresent()
                                && e.tag(Tags.OWNER).isPresent())
                        .peek(e -> allocationByIp.put(e.publicIp(), e.allocationId()))
                        .map(e -> new Held(
                                e.publicIp(),
                                e.tag(Tags.OWNER).orElseThrow(),
                                e.recordedBinding().map(Binding::networkInterfaceId)))
                        .toList());
    }

    @Override
    public String primaryEni(String instanceId) {
        return call("describe instance " + instanceId, () -> eni(instanceId));
    }

    @Override
    public int capacity(String instanceId, int atMost) {
        return call("capacity of " + instanceId, () -> {
            String eni = eni(instanceId);
            Set<String> ours = cloud.gateway().addresses(clusterFilter()).stream()
                    .map(ElasticIp::recordedBinding)
                    .flatMap(Optional::stream)
                    .filter(b -> b.networkInterfaceId().equals(eni))
                    .map(Binding::privateIp)
                    .collect(Collectors.toSet());
            return Math.min(atMost, cloud.pods().capacity(instanceId, ours).capacity());
        });
    }

    private Optional<String> allocation(CloudAddress address) {
        String known = allocationByIp.get(address.publicIp());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> found = cloud.nodes().pool(address.filter()).stream()
                .filter(e -> e.publicIp().equals(address.publicIp()))
                .map(ElasticIp::allocationId)
                .findFirst();
        found.ifPresent(id -> allocationByIp.put(address.publicIp(), id));
        return found;
    }

    private String eni(String instanceId) {
        return eniByInstance.computeIfAbsent(
                instanceId, id -> cloud.gateway().instance(id).primaryEni().id());
    }

    private AddressFilter clusterFilter() {
        try {
            return AddressFilter.ofTags("stickyip.io/cluster", Map.of(Tags.CLUSTER, cluster));
        } catch (ContractViolation e) {
            throw new IllegalStateException(
                    "cluster name " + cluster + " is not a tag filter value: " + e.getMessage(), e);
        }
    }

    private static CloudStep vanished(CloudAddress address) {
        return new CloudStep.Refused(
                CloudStep.Reason.VANISHED,
                "no Elastic IP with public address " + address.publicIp() + " matches the filter of pool "
                        + address.pool());
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (Ec2CallException | IllegalStateException e) {
            throw new CloudUnavailable(what + ": " + e.getMessage(), e);
        }
    }
}
