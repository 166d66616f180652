package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.agent.cloud.PodCloud;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.plumbing.PodAttachment;
import io.stickyip.core.pool.PoolCatalog;
import java.util.Collection;
import java.util.List;

/** Drives {@link CloudPlumbing} (package-private parts) from the cloud ITs. */
public final class CloudPlumbingProbe {
    private CloudPlumbingProbe() {}

    /** Binds the pod's one address planned as {@code planned}; returns the attachment to plumb. */
    public static PodAttachment bound(
            PodCloud cloud, String instance, Pod pod, String publicIp, PodAttachment planned, PoolCatalog pools) {
        CloudPlumbing.Result r = new CloudPlumbing(cloud, instance)
                .bind(pod, new PodIntent.Plumb(List.of(publicIp), List.of(planned)), pools);
        if (!(r instanceof CloudPlumbing.Result.Bound b)) {
            throw new AssertionError("not bound: " + r);
        }
        return b.plumb().attachments().getFirst();
    }

    public static void release(PodCloud cloud, String instance, Collection<String> addresses, PoolCatalog pools) {
        new CloudPlumbing(cloud, instance).release(addresses, pools);
    }
}
