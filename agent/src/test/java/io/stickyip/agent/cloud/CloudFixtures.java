package io.stickyip.agent.cloud;

import static io.stickyip.core.testing.Pools.awsPod;
import static io.stickyip.core.testing.Pools.catalog;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.testing.Pods;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the agent's cloud ITs share: the pod-level aws pool over one EIP, its pods, the condition patches. */
public final class CloudFixtures {
    public static final String POOL = "eips";
    public static final String FILTER = "Name=tag:team,Values=web";

    private CloudFixtures() {}

    /** Pool {@value #POOL}: scope Pod, provider aws with {@value #FILTER}, the EIP's public IP in its ranges. */
    public static PoolCatalog pools(String publicIp) {
        return catalog(awsPod(POOL, FILTER, List.of(publicIp)));
    }

    /** Slot 0 of Deployment shop/web holding {@code publicIp}, bound to {@code node}, as the webhook writes it (sealed). */
    public static Pod pod(String name, String node, String publicIp) {
        return TestSeals.sealed(unsealed(name, node, publicIp), "adm-" + name);
    }

    private static Pod unsealed(String name, String node, String publicIp) {
        return Pods.runningOn(Pods.reserved("shop", name, "shop/deployment/web", "0", publicIp, POOL), node)
                .build();
    }

    /** The mock API server does not take strategic merge patches: the pods' condition patches are answered and kept here. */
    public static final class Conditions {
        private final KubernetesMockServer server;
        private final List<String> patches = new CopyOnWriteArrayList<>();

        public Conditions(KubernetesMockServer server) {
            this.server = server;
        }

        public void accept(String pod) {
            server.expect()
                    .patch()
                    .withPath("/api/v1/namespaces/shop/pods/" + pod + "/status")
                    .andReply(200, req -> {
                        patches.add(pod + " " + req.getBody().readUtf8());
                        return new PodBuilder()
                                .withNewMetadata()
                                .withNamespace("shop")
                                .withName(pod)
                                .endMetadata()
                                .build();
                    })
                    .always();
        }

        /** Whether the pod was told, with its condition False, that it cannot have its address for {@code reason}. */
        public boolean refused(String pod, String reason) {
            return patches.stream()
                    .anyMatch(c -> c.startsWith(pod + " ")
                            && c.contains(Annotations.READY_CONDITION)
                            && c.contains("\"status\":\"False\"")
                            && c.contains("\"reason\":\"" + reason + "\""));
        }

        /** Whether the pod was told its address is live. */
        public boolean told(String pod) {
            return patches.stream()
                    .anyMatch(c -> c.startsWith(pod + " ")
                            && c.contains(Annotations.READY_CONDITION)
                            && c.contains("\"status\":\"True\""));
        }
    }
}
