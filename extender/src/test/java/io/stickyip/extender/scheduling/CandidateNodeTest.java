package io.stickyip.extender.scheduling;

import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.placement.Fit;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.core.placement.NodeFit;
import io.stickyip.core.pool.CompiledPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateNodeTest {

    static NodeFit zones(String name, String... zones) throws ContractViolation {
        return NodeFit.of(CompiledPool.of(pool(name, "192.0.2.0/24", s -> s.setZones(List.of(zones)))));
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
