package io.stickyip.agent.netns;

import io.stickyip.agent.netns.lab.Lab;
import io.stickyip.core.plumbing.DataPlanePlanner;
import io.stickyip.core.plumbing.Family;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.plumbing.Plan;
import io.stickyip.core.plumbing.PlanOutcome;
import io.stickyip.core.plumbing.PlumbingRequest;
import io.stickyip.core.plumbing.PodAttachment;
import io.stickyip.core.pool.v1alpha1.Attachment.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Plans for pods of the {@link Lab}: the pool is the LAN (192.0.2.0/24, 2001:db8:1::/64) behind the client. */
final class LabRequests {
    private LabRequests() {}

    static PlumbingRequest request(Lab.Pod pod, Netns node, Mode mode, String... addresses) {
        List<IpPrefix> v4 = Stream.of(addresses)
                .map(a -> IpPrefix.parse(a + (a.contains(":") ? "/64" : "/24")))
                .filter(p -> p.family() == Family.V4)
                .toList();
        List<IpPrefix> v6 = Stream.of(addresses)
                .map(a -> IpPrefix.parse(a + (a.contains(":") ? "/64" : "/24")))
                .filter(p -> p.family() == Family.V6)
                .toList();
        List<PodAttachment> attachments = new ArrayList<>();
        if (!v4.isEmpty()) {
            attachments.add(new PodAttachment(
                    "lan4", mode, "eth0", v4, Lab.GATEWAY4, List.of(), List.of(IpPrefix.parse(Lab.CLUSTER4))));
        }
        if (!v6.isEmpty()) {
            attachments.add(new PodAttachment(
                    "lan6", mode, "eth0", v6, Lab.GATEWAY6, List.of(), List.of(IpPrefix.parse(Lab.CLUSTER6))));
        }
        return new PlumbingRequest(
                "uid-" + pod.ns().path().hashCode(),
                pod.ns(),
                node,
                "eth0",
                attachments,
                List.of(IpPrefix.parse(pod.eth0v4() + "/24"), IpPrefix.parse(pod.eth0v6() + "/64")));
    }

    static Plan plan(PlumbingRequest r) {
        PlanOutcome out = new DataPlanePlanner().plan(r);
        if (out instanceof PlanOutcome.Planned p) {
            return p.plan();
        }
        throw new IllegalStateException(((PlanOutcome.Refused) out).reason());
    }
}
