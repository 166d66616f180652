package io.stickyip.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.aws.testing.MotoExtension;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.cloud.aws.Binding;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.NodeAssociation;
import io.stickyip.core.cloud.aws.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An agent stopped after EC2 call k of a multi-step operation (the call before is made, the rest is
 * not: what a kill -9 between two calls leaves), then a fresh one runs the same operation from
 * scratch: it converges, and moto holds nothing leaked (one secondary address in all, the EIP on it,
 * our tags exactly). k runs over every call of the operation; a last case checks k past the end
 * kills nothing, so the range covers all calls.
 */
@ExtendWith(MotoExtension.class)
class KillAtEachStepIT {

    static final String OWNER = "statefulset/shop/db#0";

    MotoWorld world;
    List<String> instances;
    String eip;

    static final class Killed extends RuntimeException {
        Killed(int k) {
            super("killed before call " + k);
        }
    }

    @BeforeEach
    void world(MotoWorld world) {
        this.world = world;
        instances = world.instances(2);
        eip = world.eip(Map.of());
    }

    PodAddresses.Holder on(int i) {
        return new PodAddresses.Holder(MotoWorld.CLUSTER, "pods", OWNER, instances.get(i));
    }

    /** Runs op with a gate that stops before call k; returns how many calls were made. */
    int killedAt(int k, Consumer<AwsCloud> op) {
        AtomicInteger made = new AtomicInteger();
        try (AwsCloud cloud = world.cloud((i, step) -> {
            if (made.get() == k) {
                throw new Killed(k);
            }
            made.incrementAndGet();
        })) {
            op.accept(cloud);
        } catch (Killed expected) {
            return made.get();
        }
        return made.get();
    }

    @ParameterizedTest(name = "first bind, killed before call {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void aFirstBindKilledAtEachStepConverges(int k) {
        int made = killedAt(k, c -> c.pods().bind(eip, on(0), true));
        assertThat(made).isEqualTo(Math.min(k, 3)); // Tag, Assign, Associate

        Binding binding = bindAgain(0);

        assertOnlyThisBinding(binding, 0);
    }

    @ParameterizedTest(name = "move, killed before call {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void aMoveKilledAtEachStepConverges(int k) {
        try (AwsCloud cloud = world.cloud()) {
            cloud.pods().bind(eip, on(0), true);
        }
        int made = killedAt(k, c -> c.pods().bind(eip, on(1), true));
        assertThat(made).isEqualTo(Math.min(k, 5)); // Disassociate, Unassign, Tag, Assign, Associate

        Binding binding = bindAgain(1);

        assertOnlyThisBinding(binding, 1);
    }

    @ParameterizedTest(name = "release, killed before call {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void aReleaseKilledAtEachStepConverges(int k) {
        try (AwsCloud cloud = world.cloud()) {
            cloud.pods().bind(eip, on(0), true);
        }
        int made = killedAt(k, c -> c.pods().release(eip, OWNER));
        assertThat(made).isEqualTo(Math.min(k, 3)); // Disassociate, Unassign, Untag

        try (AwsCloud cloud = world.cloud()) {
            assertThat(cloud.pods().release(eip, OWNER)).isInstanceOf(CloudStep.Released.class);
        }
        assertThat(world.allSecondaries()).isEmpty();
        assertThat(world.address(eip).associationId()).isNull();
        assertThat(world.tags(eip)).doesNotContainKeys(Tags.OURS.toArray(String[]::new));
    }

    @ParameterizedTest(name = "node association, killed before call {0}")
    @ValueSource(ints = {0, 1, 2})
    void aNodeAssociationKilledAtEachStepConverges(int k) {
        int made = killedAt(
                k,
                c -> c.nodes()
                        .associate(eip, c.nodes().target(MotoWorld.CLUSTER, "public", "node-a", instances.get(0))));
        assertThat(made).isEqualTo(Math.min(k, 2)); // Tag, Associate

        try (AwsCloud cloud = world.cloud()) {
            NodeAssociation.Target target =
                    cloud.nodes().target(MotoWorld.CLUSTER, "public", "node-a", instances.get(0));
            assertThat(cloud.nodes().associate(eip, target)).isInstanceOf(CloudStep.Done.class);
        }
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(world.primaryEni(instances.get(0)));
        assertThat(world.allSecondaries()).isEmpty();
        assertThat(world.tags(eip)).containsEntry(Tags.NODE, "node-a");
    }

    @ParameterizedTest(name = "a kill is a kill: the gate stops the run before call {0}")
    @ValueSource(ints = {0})
    void theGateReallyStopsTheRun(int k) {
        assertThatThrownBy(() -> {
                    try (AwsCloud cloud = world.cloud((i, step) -> {
                        throw new Killed(k);
                    })) {
                        cloud.pods().bind(eip, on(0), true);
                    }
                })
                .isInstanceOf(Killed.class);
        assertThat(world.tags(eip)).isEmpty();
    }

    Binding bindAgain(int instance) {
        try (AwsCloud cloud = world.cloud()) {
            CloudStep result = cloud.pods().bind(eip, on(instance), true);
            assertThat(result).isInstanceOf(CloudStep.Done.class);
            return ((CloudStep.Done) result).binding();
        }
    }

    void assertOnlyThisBinding(Binding binding, int instance) {
        String eni = world.primaryEni(instances.get(instance));
        assertThat(binding.networkInterfaceId()).isEqualTo(eni);
        assertThat(world.allSecondaries())
                .as("secondary addresses in the subnet")
                .containsExactly(binding.privateIp());
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(eni);
        assertThat(world.tags(eip))
                .containsEntry(Tags.BINDING, binding.tagValue())
                .containsEntry(Tags.OWNER, OWNER);
    }
}
