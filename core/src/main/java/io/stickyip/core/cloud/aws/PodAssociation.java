package io.stickyip.core.cloud.aws;

import io.stickyip.core.cloud.aws.CloudStep.AssignPrivateIp;
import io.stickyip.core.cloud.aws.CloudStep.Associate;
import io.stickyip.core.cloud.aws.CloudStep.Disassociate;
import io.stickyip.core.cloud.aws.CloudStep.Done;
import io.stickyip.core.cloud.aws.CloudStep.Reason;
import io.stickyip.core.cloud.aws.CloudStep.Refused;
import io.stickyip.core.cloud.aws.CloudStep.Released;
import io.stickyip.core.cloud.aws.CloudStep.Tag;
import io.stickyip.core.cloud.aws.CloudStep.UnassignPrivateIp;
import io.stickyip.core.cloud.aws.CloudStep.Untag;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pod-level public addresses, pure: the pod's EIP on a secondary private address of its node's
 * primary ENI. The next step comes from the EIP (its association and its binding tag), the target
 * ENI and the ENI the binding tag names. The order on a move is the fenced one:
 * disassociate from the old binding, unassign the old secondary address, choose and record the new
 * binding, assign it on the new ENI, associate. Steps that touch another node's binding are taken
 * only by a caller that holds the address's fence; the EIP is never associated to two addresses
 * (AWS allows one association, and AllowReassociation=false never moves one).
 */
public final class PodAssociation {

    private PodAssociation() {}

    /** Who wants the address: the workload's key, the node, and the node's primary ENI. */
    public record Target(String cluster, String pool, String owner, EniView eni) {
        Map<String, String> tags(Binding binding) {
            return Tags.holder(cluster, pool, Tags.OWNER, owner, binding);
        }
    }

    /** The rest of what the decision reads: the ENI the binding tag names, and the subnet's addresses. */
    public record Observed(ElasticIp eip, EniView recordedEni, String subnetCidr, Set<String> usedInSubnet) {
        public Observed {
            usedInSubnet = Set.copyOf(usedInSubnet);
        }
    }

    public static CloudStep bind(Observed seen, Target target, boolean fenced, boolean comparePrivateIp) {
        ElasticIp eip = seen.eip();
        if (eip == null) {
            return new Refused(Reason.VANISHED, "no Elastic IP with this allocation ID");
        }
        Optional<Binding> recorded = eip.recordedBinding();
        boolean onTarget = recorded.filter(
                        b -> b.networkInterfaceId().equals(target.eni().id()))
                .isPresent();
        if (eip.associated()) {
            return associated(eip, recorded, onTarget, target, fenced, comparePrivateIp);
        }
        if (recorded.isPresent() && !onTarget) {
            Binding old = recorded.get();
            if (seen.recordedEni() != null
                    && seen.recordedEni().holds(old.privateIp())
                    && !old.privateIp().equals(seen.recordedEni().primaryIp())) {
                return fenced
                        ? new UnassignPrivateIp(old.networkInterfaceId(), old.privateIp())
                        : new Refused(Reason.FENCED, "the address is still bound at " + old + " on another node");
            }
        }
        Binding binding = onTarget ? recorded.get() : null;
        boolean takenByOther = binding != null
                && !target.eni().holds(binding.privateIp())
                && seen.usedInSubnet().contains(binding.privateIp());
        if (binding == null || takenByOther) {
            Optional<String> ip = SecondaryIpChooser.choose(seen.subnetCidr(), seen.usedInSubnet(), eip.allocationId());
            if (ip.isEmpty()) {
                return new Refused(
                        Reason.SUBNET_FULL,
                        "no free private address in subnet " + target.eni().subnetId() + " (" + seen.subnetCidr()
                                + ")");
            }
            return new Tag(
                    eip.allocationId(), target.tags(new Binding(target.eni().id(), ip.get())));
        }
        if (!target.eni().holds(binding.privateIp())) {
            return new AssignPrivateIp(binding.networkInterfaceId(), binding.privateIp());
        }
        if (NodeAssociation.missing(eip, target.tags(binding))) {
            return new Tag(eip.allocationId(), target.tags(binding));
        }
        return new Associate(eip.allocationId(), binding);
    }

    private static CloudStep associated(
            ElasticIp eip,
            Optional<Binding> recorded,
            boolean onTarget,
            Target target,
            boolean fenced,
            boolean comparePrivateIp) {
        ElasticIp.Association a = eip.association();
        if (recorded.isEmpty() || !a.networkInterfaceId().equals(recorded.get().networkInterfaceId())) {
            return new Refused(
                    Reason.HELD_ELSEWHERE,
                    eip + " is associated with " + a.networkInterfaceId() + "/" + a.privateIp()
                            + ", which stickyip never bound it to");
        }
        Binding binding = recorded.get();
        if (onTarget && a.pointsAt(binding, comparePrivateIp) && target.eni().holds(binding.privateIp())) {
            return NodeAssociation.missing(eip, target.tags(binding))
                    ? new Tag(eip.allocationId(), target.tags(binding))
                    : new Done(binding);
        }
        if (onTarget) {
            // our ENI but not (yet) the recorded address: a half-done earlier association; undo and redo it
            return new Disassociate(eip.allocationId(), a.associationId(), binding);
        }
        return fenced
                ? new Disassociate(eip.allocationId(), a.associationId(), binding)
                : new Refused(Reason.FENCED, "the address is still associated at " + binding + " on another node");
    }

    /** Release of a pod's address: disassociate, unassign the secondary address, drop our tags. */
    public static CloudStep release(ElasticIp eip, EniView recordedEni, String owner) {
        if (eip == null) {
            return new Released("(vanished)");
        }
        if (!eip.tag(Tags.OWNER).filter(owner::equals).isPresent()) {
            return new Released(eip.allocationId());
        }
        Optional<Binding> recorded = eip.recordedBinding();
        if (eip.associated()
                && recorded.filter(b ->
                                b.networkInterfaceId().equals(eip.association().networkInterfaceId()))
                        .isPresent()) {
            return new Disassociate(eip.allocationId(), eip.association().associationId(), recorded.get());
        }
        if (recorded.isPresent()
                && recordedEni != null
                && recordedEni.holds(recorded.get().privateIp())
                && !recorded.get().privateIp().equals(recordedEni.primaryIp())) {
            return new UnassignPrivateIp(
                    recorded.get().networkInterfaceId(), recorded.get().privateIp());
        }
        return new Untag(eip.allocationId(), NodeAssociation.present(eip));
    }
}
