package io.stickyip.agent.pods;

import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.agent.cloud.CloudAddress;
import io.stickyip.agent.cloud.CloudRefusals;
import io.stickyip.agent.cloud.PodCloud;
import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.AwsPoolSettings;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.PodAttachment;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.Attachment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud side of a real node's pods from pod-level aws pools: after the fence is taken, each Elastic IP is bound
 * on this node's instance (a secondary private address of its primary ENI, the EIP associated to it), and the pod's
 * attachment of that pool becomes a routed one carrying the <em>private</em> address (inbound traffic to the EIP
 * arrives at it with the client's source address; outbound leaves with the EIP). On the way back, before the claims
 * are withdrawn, the EIPs of those addresses bound on this node are released. Nothing is kept between calls: the
 * EIPs' tags say what is bound where and for whom.
 */
public final class CloudPlumbing {
    private static final Logger LOG = LoggerFactory.getLogger(CloudPlumbing.class);

    private final PodCloud cloud;
    private final String instanceId;

    public CloudPlumbing(PodCloud cloud, String instanceId) {
        this.cloud = cloud;
        this.instanceId = instanceId;
    }

    /** What binding gave: the plumb with the private addresses, or a refusal to tell on the pod. */
    public sealed interface Result {
        record Bound(PodIntent.Plumb plumb) implements Result {}

        record Refused(String reason, String message, Duration retry) implements Result {}

        /** EC2 did not answer: try again with backoff. */
        record Unavailable(String message) implements Result {}
    }

    /** Whether the plumb has an attachment of an aws pod pool. */
    static boolean involves(PodIntent.Plumb p, PoolCatalog catalog) {
        return p.attachments().stream()
                .anyMatch(a ->
                        catalog.get(a.pool()).map(CloudAddress::isCloudPool).orElse(false));
    }

    /** Binds the pod's EIPs here (the caller holds their fence). */
    Result bind(Pod pod, PodIntent.Plumb p, PoolCatalog catalog) {
        try {
            return bound(pod, p, catalog);
        } catch (PodCloud.CloudUnavailable e) {
            return new Result.Unavailable(e.getMessage());
        }
    }

    private Result bound(Pod pod, PodIntent.Plumb p, PoolCatalog catalog) {
        List<CloudAddress> addresses;
        try {
            addresses = CloudAddress.of(pod, catalog);
        } catch (ContractViolation e) {
            return new Result.Refused(PodIntent.INVALID_CONTRACT, e.getMessage(), Duration.ofSeconds(30));
        }
        Map<String, String> privateByPublic = new HashMap<>();
        for (CloudAddress a : addresses) {
            CloudStep step = cloud.bind(a, instanceId, true);
            switch (step) {
                case CloudStep.Done d ->
                    privateByPublic.put(a.publicIp(), d.binding().privateIp());
                case CloudStep.Refused r -> {
                    return new Result.Refused(
                            CloudRefusals.reason(r.reason()),
                            CloudRefusals.message(a, r),
                            CloudRefusals.retryAfter(r.reason()));
                }
                default -> throw new IllegalStateException("bind of " + a + " ended with " + step);
            }
        }
        List<PodAttachment> attachments = new ArrayList<>();
        for (PodAttachment att : p.attachments()) {
            boolean cloudPool =
                    catalog.get(att.pool()).map(CloudAddress::isCloudPool).orElse(false);
            attachments.add(cloudPool ? routed(att, privateByPublic) : att);
        }
        return new Result.Bound(new PodIntent.Plumb(p.addresses(), attachments));
    }

    /** The pool's attachment with the private addresses, routed (/32), no gateway of its own: the node routes. */
    private static PodAttachment routed(PodAttachment att, Map<String, String> privateByPublic) {
        List<IpPrefix> privates = att.addresses().stream()
                .map(a -> {
                    String ip = privateByPublic.get(a.address());
                    if (ip == null) {
                        throw new IllegalStateException(
                                "no private address bound for " + a.address() + " of pool " + att.pool());
                    }
                    return IpPrefix.host(ip);
                })
                .toList();
        return new PodAttachment(att.pool(), Attachment.Mode.ROUTED, null, privates, null, List.of(), att.keepOnEth0());
    }

    /**
     * Releases the EIPs of these addresses (aws pod pools only) bound on this node, whoever the owner: called before
     * the claims go, so no other node binds them meanwhile. Throws {@link PodCloud.CloudUnavailable}.
     */
    public void release(Collection<String> addresses, PoolCatalog catalog) {
        Map<String, CompiledPool> pools = new LinkedHashMap<>();
        for (String a : addresses) {
            for (CompiledPool pool : catalog.containing(new IPAddressString(a).getAddress())) {
                if (CloudAddress.isCloudPool(pool)) {
                    pools.put(pool.name(), pool);
                }
            }
        }
        if (pools.isEmpty()) {
            return;
        }
        String eni = cloud.primaryEni(instanceId);
        Set<String> wanted = new HashSet<>(addresses);
        for (CompiledPool pool : pools.values()) {
            AddressFilter filter;
            try {
                filter = AwsPoolSettings.of(pool.spec().getProvider()).filter();
            } catch (ContractViolation e) {
                LOG.warn("pool {} not released from: {}", pool.name(), e.getMessage());
                continue;
            }
            for (PodCloud.Held h : cloud.held(pool.name(), filter)) {
                if (wanted.contains(h.publicIp()) && h.eni().map(eni::equals).orElse(true)) {
                    CloudStep step =
                            cloud.release(new CloudAddress(pool.name(), filter, h.publicIp(), h.owner()), instanceId);
                    LOG.info(
                            "pod address released eip={} pool={} owner={} instance={} step={}",
                            h.publicIp(),
                            pool.name(),
                            h.owner(),
                            instanceId,
                            step);
                }
            }
        }
    }
}
