package io.stickyip.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.MutatedPods;
import io.stickyip.core.admission.SlotPlan;
import io.stickyip.core.admission.SlotPlanner;
import io.stickyip.core.admission.WorkloadValidator;
import io.stickyip.core.contract.AddressRequest;
import io.stickyip.core.contract.AnnotationParser;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.Allocation;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.PoolValidator;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.workload.ResolvedWorkload;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.core.workload.WorkloadResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The manifests under manifests/examples load into the model classes and pass the validators. */
class ExampleManifestsTest {

    static IPPool pool;
    static Deployment deployment;

    @BeforeAll
    static void load() throws IOException {
        String dir = System.getProperty("stickyip.manifests");
        assertThat(dir)
                .as("system property stickyip.manifests (set by core/pom.xml; run the test with Maven)")
                .isNotNull();
        Path examples = Path.of(dir, "examples");
        try (InputStream in = Files.newInputStream(examples.resolve("ippool-demo.yaml"))) {
            pool = Serialization.unmarshal(in, IPPool.class);
        }
        try (InputStream in = Files.newInputStream(examples.resolve("deployment-demo.yaml"))) {
            deployment = Serialization.unmarshal(in, Deployment.class);
        }
    }

    @Test
    void theDemoPoolIsAValidIPPool() {
        IPPoolSpec spec = pool.getSpec();

        assertThat(pool.getApiVersion()).isEqualTo("stickyip.io/v1alpha1");
        assertThat(pool.getKind()).isEqualTo("IPPool");
        assertThat(pool.getMetadata().getName()).isEqualTo("demo");
        assertThat(pool.getMetadata().getNamespace())
                .as("IPPool is cluster-scoped")
                .isNull();
        assertThat(spec.getCidr()).isEqualTo("10.77.0.0/24");
        assertThat(spec.getGateway()).isEqualTo("10.77.0.1");
        assertThat(spec.getNamespaces()).containsExactly("default", "demo");
        assertThat(spec.getScope()).isEqualTo(IPPoolSpec.Scope.Pod);
        assertThat(spec.getProvider().getType()).isEqualTo(io.stickyip.core.pool.v1alpha1.Provider.Type.STATIC);
        assertThat(spec.getAttachment().getMode()).isEqualTo(io.stickyip.core.pool.v1alpha1.Attachment.Mode.ROUTED);
        assertThatCode(() -> PoolValidator.validate(pool, List.of())).doesNotThrowAnyException();
    }

    @Test
    void theDemoDeploymentIsAValidWorkload() {
        assertThat(deployment.getMetadata().getName()).isEqualTo("db");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("stickyip.io/pool", "demo");
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getImage())
                .isEqualTo("registry.example/db:1.0");
        assertThatCode(() -> WorkloadValidator.validate(deployment)).doesNotThrowAnyException();
    }

    @Test
    void aPodOfTheDemoDeploymentGetsAnAddressOfTheDemoPool() throws ContractViolation {
        Pod pod = new PodBuilder()
                .withMetadata(deployment.getSpec().getTemplate().getMetadata())
                .editMetadata()
                .withGenerateName("db-7d4b9c8f5-")
                .addToLabels("pod-template-hash", "7d4b9c8f5")
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName("db-7d4b9c8f5")
                .withUid("rs-uid")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build();
        PoolCatalog catalog = PoolCatalog.of(List.of(pool));

        ResolvedWorkload workload = WorkloadResolver.resolve(pod, "default", "0f6e3c1a-uid");
        AddressRequest request = AnnotationParser.parse(pod.getMetadata().getAnnotations());
        SlotPlan plan = SlotPlanner.plan(request, workload.workload(), 0, catalog);
        CompiledPool demo = ((SlotPlan.FromPools) plan).pools().getFirst();
        String address = new Allocation(demo.space())
                .pick(1, new SplittableRandom(7))
                .getFirst()
                .toCanonicalString();
        Pod mutated = MutatedPods.mutated(
                pod,
                new Assignment(
                        plan.workload(),
                        plan.slot(),
                        List.of(address),
                        List.of(demo.name()),
                        plan.prefixLength(),
                        plan.gateway()),
                Optional.empty());

        assertThat(workload.workload()).isEqualTo(new WorkloadRef("default", "deployment", "db"));
        assertThat(plan.prefixLength()).isEqualTo(OptionalInt.of(24));
        assertThat(address).startsWith("10.77.0.").isNotIn("10.77.0.0", "10.77.0.1", "10.77.0.255");
        assertThat(mutated.getMetadata().getAnnotations())
                .containsEntry("stickyip.io/reserved-ip", address)
                .containsEntry("stickyip.io/reserved-pool", "demo")
                .containsEntry("stickyip.io/workload", "default/deployment/db")
                .containsEntry("stickyip.io/gateway", "10.77.0.1")
                .containsEntry("stickyip.io/prefix-length", "24");
    }
}
