package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.PodDns;
import io.stickyip.core.admission.PodMutator;
import io.stickyip.core.contract.ContractViolation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * For many generated pods, the patch computed from the edits (applied to the received tree, then diffed),
 * applied to the pod as received, gives
 * exactly the pod the old path gave (the whole pod through the model, the desired pod diffed by
 * zjsonpatch: {@link DiffOracle}); and the patched pod needs no further edit.
 */
class PatchesPropertyTest {
    static final ObjectMapper MAPPER = Serialization.jsonMapper();
    static final int PODS_PER_SEED = 500;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20261202, 0xC0FFEE})
    void theEditsPatchGivesWhatTheDiffGave(long seed) {
        RandomPods random = new RandomPods(seed);
        int withDns = 0;
        int nonEmpty = 0;
        for (int i = 0; i < PODS_PER_SEED; i++) {
            JsonNode received = random.pod();
            Assignment assignment = random.assignment();
            Optional<String> scheduler = random.schedulerName();
            List<PodDns.FromPool> pools = random.pools();
            String what = "seed " + seed + " pod " + i + ": " + received + " assignment " + assignment + " scheduler "
                    + scheduler + " pools "
                    + pools.stream()
                            .map(p -> p.pool() + "=" + MAPPER.writeValueAsString(p.dns()))
                            .toList();

            Pod read = AdmittedPod.read(MAPPER, received);
            Optional<PodDns.Settings> dns = merge(read, pools);
            Optional<PodDns.Settings> oldDns = merge(MAPPER.treeToValue(received, Pod.class), pools);
            assertThat(dns).as("the DNS merged from the fields read, " + what).isEqualTo(oldDns);
            JsonNode patch =
                    Patches.of(received, PodMutator.edits(read, assignment, scheduler, dns), MAPPER.getNodeFactory());
            JsonNode oracle = DiffOracle.patch(MAPPER, received, assignment, scheduler, dns);

            JsonNode patched = JsonPatch.apply(patch, received);
            assertThat(patched)
                    .as("patch %s against the old path's %s, %s", patch, oracle, what)
                    .isEqualTo(JsonPatch.apply(oracle, received));
            assertThat(PodMutator.edits(
                            AdmittedPod.read(MAPPER, patched),
                            assignment,
                            scheduler,
                            merge(AdmittedPod.read(MAPPER, patched), pools)))
                    .as("edits left after the patch, " + what)
                    .isEmpty();
            withDns += dns.isPresent() ? 1 : 0;
            nonEmpty += patch.isEmpty() ? 0 : 1;
        }
        assertThat(withDns).as("pods with pool DNS").isGreaterThan(PODS_PER_SEED / 10);
        assertThat(nonEmpty).as("pods with a non-empty patch").isGreaterThan(PODS_PER_SEED / 2);
    }

    private static Optional<PodDns.Settings> merge(Pod pod, List<PodDns.FromPool> pools) {
        try {
            return PodDns.merge(pod.getSpec(), pools);
        } catch (ContractViolation v) { // over a limit: the admission refuses such a pod before any patch
            return Optional.empty();
        }
    }
}
