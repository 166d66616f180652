package io.stickyip.extender.scheduling;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.placement.Fit;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.core.placement.NodeFit;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CandidateNodeTest {

    static NodeFit zones(String name, String... zones) throws ContractViolation {
        IPPool pool = new IPPool();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        pool.setMetadata(meta);
        IPPoolSpec spec = new IPPoolSpec();
        spec.setCidr("192.0.2.0/24");
        spec.setZones(List.of(zones));
        pool.setSpec(spec);
        return NodeFit.of(CompiledPool.of(pool));
    }

    @Test
    void answersAsTheFitItselfForEveryPoolAskedAboutAgainAndAgain() throws ContractViolation {
        NodeFacts facts = new NodeFacts("w1", Map.of(NodeFacts.ZONE_LABEL, "a"), List.of());
        CandidateNode node = new CandidateNode(facts, null);
        List<NodeFit> fits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            fits.add(zones("p" + i, i % 2 == 0 ? "a" : "b"));
        }

        for (int round = 0; round < 3; round++) {
            for (NodeFit fit : fits) {
                assertThat(node.fit(fit)).isEqualTo(fit.check(facts));
            }
        }
        assertThat(node.fit(fits.get(1))).isInstanceOf(Fit.Misfit.class);
        assertThat(node.fit(fits.get(0))).isEqualTo(Fit.FITS);
    }
}
