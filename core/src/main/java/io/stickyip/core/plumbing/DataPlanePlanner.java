package io.stickyip.core.plumbing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Computes the steps that make a pod's fixed addresses live (pure: no I/O). The shape follows
 * containernetworking/plugins' macvlan and ptp, plus policy routing:
 * <ul>
 *   <li>one interface per attachment in the pod ({@code sip0}, ...), its addresses without a main-table
 *       prefix route, so the main table stays as the CNI left it;</li>
 *   <li>a table per attachment with the subnet (macvlan/ipvlan), the default route via the gateway with the
 *       fixed address as {@code src}, and the pool's routes;</li>
 *   <li>rules: the cluster's CIDRs and the pod's own cluster addresses look up main (stay on eth0); traffic
 *       from a fixed address looks up its table (replies leave the way they came); everything else looks up
 *       the first table of its family (egress shows the fixed address);</li>
 *   <li>routed: a veth whose node end answers for the address on the LAN (host route + proxy ARP/NDP);</li>
 *   <li>an announcement (gratuitous ARP / unsolicited NA) last, so the LAN sees a move at once.</li>
 * </ul>
 * No NAT anywhere: the pod sees the client's real address and the client sees the fixed one.
 */
public final class DataPlanePlanner {

    public PlanOutcome plan(PlumbingRequest request) {
        String refusal = PlumbingRequestCheck.refusal(request);
        if (refusal != null) {
            return new PlanOutcome.Refused(refusal);
        }
        Set<Step> links = new LinkedHashSet<>();
        Set<Step> config = new LinkedHashSet<>();
        Set<Step> routes = new LinkedHashSet<>();
        Set<Step> rules = new LinkedHashSet<>();
        Set<Step> last = new LinkedHashSet<>();
        Set<Family> egressTaken = new HashSet<>();
        List<PodAttachment> attachments = request.attachments();
        for (int i = 0; i < attachments.size(); i++) {
            PodAttachment a = attachments.get(i);
            AttachmentSteps s = new AttachmentSteps(request, a, i);
            links.addAll(s.links());
            config.addAll(s.interfaceConfig());
            routes.addAll(s.routes());
            rules.addAll(keepRules(request, a, s.families()));
            rules.addAll(s.sourceRules());
            for (Family f : s.families()) {
                if (s.hasDefaultRoute(f) && egressTaken.add(f)) {
                    rules.add(new Step.Rule(request.pod(), f, Layout.PRIO_EGRESS, null, null, Layout.table(i)));
                }
            }
            last.addAll(s.proxiesAndAnnouncements());
        }
        List<Step> steps = new ArrayList<>();
        steps.addAll(links);
        steps.addAll(config);
        steps.addAll(routes);
        steps.addAll(rules);
        steps.addAll(last);
        return new PlanOutcome.Planned(new Plan(steps));
    }

    /** Cluster traffic of the attachment's families stays on eth0 (the main table). */
    private static List<Step> keepRules(PlumbingRequest r, PodAttachment a, Set<Family> families) {
        List<Step> out = new ArrayList<>();
        for (IpPrefix keep : a.keepOnEth0()) {
            if (families.contains(keep.family())) {
                out.add(new Step.Rule(r.pod(), keep.family(), Layout.PRIO_KEEP_ON_ETH0, null, keep.network(), 0));
            }
        }
        for (IpPrefix own : r.clusterAddresses()) {
            if (families.contains(own.family())) {
                out.add(new Step.Rule(r.pod(), own.family(), Layout.PRIO_CLUSTER_SOURCE, own.asHost(), null, 0));
            }
        }
        return out;
    }
}
