package io.stickyip.core.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.cloud.aws.CloudStep.Reason;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pod-level step machine, walked through a move as the cloud would answer each step, and the
 * cases that must stop it.
 */
class PodAssociationTest {

    static final String CIDR = "10.0.1.0/24";
    static final EniView OLD = new EniView("eni-old", "subnet-1", "10.0.1.10", Set.of("10.0.1.10", "10.0.1.50"));
    static final EniView NEW = new EniView("eni-new", "subnet-1", "10.0.1.11", Set.of("10.0.1.11"));
    static final Binding OLD_BINDING = new Binding("eni-old", "10.0.1.50");
    static final PodAssociation.Target TARGET = new PodAssociation.Target("c1", "pods", "sts/shop/db#0", NEW);

    static Map<String, String> tags(Binding b) {
        return Tags.holder("c1", "pods", Tags.OWNER, "sts/shop/db#0", b);
    }

    static Set<String> used(EniView... enis) {
        Set<String> all = new HashSet<>();
        for (EniView e : enis) {
            all.addAll(e.privateIps());
        }
        return all;
    }

    static CloudStep next(ElasticIp eip, EniView recorded, EniView target, boolean fenced) {
        return PodAssociation.bind(
                new PodAssociation.Observed(eip, recorded, CIDR, used(OLD, target)),
                new PodAssociation.Target("c1", "pods", "sts/shop/db#0", target),
                fenced,
                true);
    }

    @Test
    void aMoveGoesDisassociateUnassignRecordAssignAssociateThenDone() {
        ElasticIp bound = Eips.at("e", OLD_BINDING, tags(OLD_BINDING));
        assertThat(next(bound, OLD, NEW, true)).isEqualTo(new CloudStep.Disassociate("e", "eipassoc-1", OLD_BINDING));

        ElasticIp disassociated = Eips.free("e", "203.0.113.9", tags(OLD_BINDING));
        assertThat(next(disassociated, OLD, NEW, true))
                .isEqualTo(new CloudStep.UnassignPrivateIp("eni-old", "10.0.1.50"));

        EniView oldEmpty = new EniView("eni-old", "subnet-1", "10.0.1.10", Set.of("10.0.1.10"));
        CloudStep record = next(disassociated, oldEmpty, NEW, true);
        assertThat(record).isInstanceOf(CloudStep.Tag.class);
        Binding fresh =
                Binding.parse(((CloudStep.Tag) record).tags().get(Tags.BINDING)).orElseThrow();
        assertThat(fresh.networkInterfaceId()).isEqualTo("eni-new");
        assertThat(used(oldEmpty, NEW)).doesNotContain(fresh.privateIp());

        ElasticIp recorded = Eips.free("e", "203.0.113.9", tags(fresh));
        assertThat(next(recorded, NEW, NEW, true))
                .isEqualTo(new CloudStep.AssignPrivateIp("eni-new", fresh.privateIp()));

        EniView assigned = new EniView("eni-new", "subnet-1", "10.0.1.11", Set.of("10.0.1.11", fresh.privateIp()));
        assertThat(next(recorded, assigned, assigned, true)).isEqualTo(new CloudStep.Associate("e", fresh));

        assertThat(next(Eips.at("e", fresh, tags(fresh)), assigned, assigned, true))
                .isEqualTo(new CloudStep.Done(fresh));
    }

    @Test
    void withoutTheFenceNothingOfTheOldBindingIsTouched() {
        ElasticIp bound = Eips.at("e", OLD_BINDING, tags(OLD_BINDING));
        assertThat(next(bound, OLD, NEW, false))
                .isInstanceOfSatisfying(
                        CloudStep.Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.FENCED));
        ElasticIp disassociated = Eips.free("e", "203.0.113.9", tags(OLD_BINDING));
        assertThat(next(disassociated, OLD, NEW, false))
                .isInstanceOfSatisfying(
                        CloudStep.Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.FENCED));
    }

    @Test
    void anAssociationStickyipNeverMadeIsRefused() {
        ElasticIp theirs = Eips.at("e", new Binding("eni-other", "10.0.1.99"), Map.of());
        assertThat(next(theirs, null, NEW, true))
                .isInstanceOfSatisfying(
                        CloudStep.Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.HELD_ELSEWHERE));
    }

    @Test
    void aRecordedAddressTakenMeanwhileByAnotherEniIsChosenAgain() {
        Binding taken = new Binding("eni-new", "10.0.1.50"); // OLD holds .50
        CloudStep step = next(Eips.free("e", "203.0.113.9", tags(taken)), NEW, NEW, true);
        assertThat(step).isInstanceOf(CloudStep.Tag.class);
        assertThat(((CloudStep.Tag) step).tags().get(Tags.BINDING)).isNotEqualTo(taken.tagValue());
    }

    @Test
    void aFullSubnetIsSaidSo() {
        CloudStep step = PodAssociation.bind(
                new PodAssociation.Observed(
                        Eips.free("e", "203.0.113.9", Map.of()),
                        null,
                        "10.0.1.0/29",
                        Set.of("10.0.1.4", "10.0.1.5", "10.0.1.6")),
                TARGET,
                true,
                true);
        assertThat(step)
                .isInstanceOfSatisfying(
                        CloudStep.Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.SUBNET_FULL));
    }

    @Test
    void aReleaseGoesDisassociateUnassignUntagAndNeverUnassignsAPrimaryAddress() {
        assertThat(PodAssociation.release(Eips.at("e", OLD_BINDING, tags(OLD_BINDING)), OLD, "sts/shop/db#0"))
                .isEqualTo(new CloudStep.Disassociate("e", "eipassoc-1", OLD_BINDING));
        assertThat(PodAssociation.release(Eips.free("e", "203.0.113.9", tags(OLD_BINDING)), OLD, "sts/shop/db#0"))
                .isEqualTo(new CloudStep.UnassignPrivateIp("eni-old", "10.0.1.50"));
        Binding primary = new Binding("eni-old", "10.0.1.10");
        assertThat(PodAssociation.release(Eips.free("e", "203.0.113.9", tags(primary)), OLD, "sts/shop/db#0"))
                .isEqualTo(new CloudStep.Untag("e", List.of(Tags.CLUSTER, Tags.POOL, Tags.OWNER, Tags.BINDING)));
        assertThat(PodAssociation.release(Eips.free("e", "203.0.113.9", tags(OLD_BINDING)), OLD, "sts/other#1"))
                .isEqualTo(new CloudStep.Released("e"));
    }
}
