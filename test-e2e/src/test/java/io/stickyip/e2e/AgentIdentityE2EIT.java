package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.stickyip.core.testing.Pods;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md, threat 7: the node agent's identity, with a token bound to one node, writes only
 * that node's objects (policy stickyip-agent-own-node); the same writes to its own node's objects go
 * through (the positive controls). KWOK nodes serve as the two nodes: the policy looks at the token
 * and the objects, not at what runs on the node.
 */
class AgentIdentityE2EIT {
    static final String NS = "e2e-agent-identity";
    static KubernetesClient admin;
    static String mine;
    static String other;
    static KubernetesClient agent;

    @BeforeAll
    static void setUp() {
        admin = Clusters.get().client();
        List<String> kwok = admin.nodes().withLabel("type", "kwok").list().getItems().stream()
                .map(n -> n.getMetadata().getName())
                .sorted()
                .toList();
        assertThat(kwok).as("KWOK nodes of the local cluster").hasSizeGreaterThanOrEqualTo(2);
        mine = kwok.get(0);
        other = kwok.get(1);
        agent = Identities.agentOf(admin, mine);
        Identities.tenant(admin, NS).close(); // the namespace
        for (String node : List.of(mine, other)) {
            admin.pods()
                    .inNamespace(NS)
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("on-" + node)
                            .endMetadata()
                            .withNewSpec()
                            .withNodeName(node)
                            .addNewToleration()
                            .withOperator("Exists")
                            .endToleration()
                            .addToContainers(Pods.app())
                            .endSpec()
                            .build())
                    .create();
        }
    }

    @AfterAll
    static void tearDown() {
        agent.close();
        admin.namespaces().withName(NS).delete();
    }

    static String statusPatch(String condition) {
        return "{\"status\":{\"conditions\":[{\"type\":\"" + condition
                + "\",\"status\":\"False\",\"reason\":\"E2E\"}]}}";
    }

    @Test
    void anAgentWritesTheStatusOfPodsOnItsOwnNodeOnly() {
        assertThatThrownBy(() -> agent.pods()
                        .inNamespace(NS)
                        .withName("on-" + other)
                        .subresource("status")
                        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), statusPatch("stickyip.io/ip-ready")))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("may write only the status of pods on its own node");
        agent.pods()
                .inNamespace(NS)
                .withName("on-" + mine)
                .subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), statusPatch("stickyip.io/ip-ready"));
        assertThat(admin.pods()
                        .inNamespace(NS)
                        .withName("on-" + mine)
                        .get()
                        .getStatus()
                        .getConditions())
                .anySatisfy(c -> assertThat(c.getType()).isEqualTo("stickyip.io/ip-ready"));
    }

    @Test
    void anAgentWritesTheStatusOfItsOwnNodeOnly() {
        String patch =
                "{\"status\":{\"conditions\":[{\"type\":\"StickyipE2E\",\"status\":\"False\",\"reason\":\"E2E\"}]}}";
        assertThatThrownBy(() -> agent.nodes()
                        .withName(other)
                        .subresource("status")
                        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("may write only the status of its own Node");
        agent.nodes().withName(mine).subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
        Node n = admin.nodes().withName(mine).get();
        assertThat(n.getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getType()).isEqualTo("StickyipE2E"));
    }

    @Test
    void anAgentWritesItsOwnLeaseOnlyNeverAnotherNodesNorALeaderLease() {
        for (String name : List.of("stickyip-node-" + other, "stickyip-webhook-gc", "stickyip-node-addresses")) {
            assertThatThrownBy(() -> agent.leases()
                            .inNamespace("stickyip-system")
                            .resource(lease(name))
                            .fieldManager("e2e")
                            .forceConflicts()
                            .serverSideApply())
                    .as("writing Lease %s", name)
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("may write only its own Lease");
        }
        Lease own = agent.leases()
                .inNamespace("stickyip-system")
                .resource(lease("stickyip-node-" + mine))
                .fieldManager("e2e")
                .forceConflicts()
                .serverSideApply();
        assertThat(own.getMetadata().getName()).isEqualTo("stickyip-node-" + mine);
    }

    @Test
    void aTokenWithoutTheNodesNameWritesNothing() {
        try (KubernetesClient unbound = Identities.unboundAgent(admin)) {
            assertThatThrownBy(() -> unbound.pods()
                            .inNamespace(NS)
                            .withName("on-" + mine)
                            .subresource("status")
                            .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), statusPatch("stickyip.io/ip-ready")))
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("must be bound to its Node");
        }
    }

    static Lease lease(String name) {
        return new LeaseBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("stickyip-system")
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("e2e")
                .withLeaseDurationSeconds(15)
                .endSpec()
                .build();
    }
}
