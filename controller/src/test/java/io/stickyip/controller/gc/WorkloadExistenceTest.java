package io.stickyip.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.workload.WorkloadRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Live reads of whether a workload exists, against the fabric8 mock API server. */
@EnableKubernetesMockClient(crud = true)
class WorkloadExistenceTest {
    KubernetesClient client;

    /** Before the mock server stops: its shutdown waits for the client's pooled connections. */
    @AfterEach
    void closeClient() {
        client.close();
    }

    void createOwner(String kind, String name) {
        var meta = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withNamespace("shop")
                .withName(name)
                .build();
        switch (kind) {
            case "deployment" ->
                client.resource(new DeploymentBuilder().withMetadata(meta).build())
                        .create();
            case "statefulset" ->
                client.resource(new StatefulSetBuilder().withMetadata(meta).build())
                        .create();
            case "replicaset" ->
                client.resource(new ReplicaSetBuilder().withMetadata(meta).build())
                        .create();
            case "daemonset" ->
                client.resource(new DaemonSetBuilder().withMetadata(meta).build())
                        .create();
            case "job" ->
                client.resource(new JobBuilder().withMetadata(meta).build()).create();
            case "pod" ->
                client.resource(new PodBuilder().withMetadata(meta).build()).create();
            default -> throw new IllegalArgumentException(kind);
        }
    }

    @ParameterizedTest(name = "a {0} exists while its object does")
    @ValueSource(strings = {"deployment", "statefulset", "replicaset", "daemonset", "job", "pod"})
    void aWorkloadExistsWhileItsObjectDoes(String kind) {
        WorkloadExistence existence = new WorkloadExistence(client);
        WorkloadRef db = new WorkloadRef("shop", kind, "db");
        assertThat(existence.exists(db)).isFalse();

        createOwner(kind, "db");

        assertThat(existence.exists(db)).isTrue();
        assertThat(existence.exists(new WorkloadRef("other", kind, "db"))).isFalse();
    }

    @Test
    void aWorkloadWhoseOwnerIsGoneExistsWhileAManagedPodNamesIt() {
        WorkloadExistence existence = new WorkloadExistence(client);
        WorkloadRef web = new WorkloadRef("shop", "deployment", "web");
        client.resource(Pods.unlabelled(Pods.managed("shop", "web-unlabelled", "shop/deployment/web", null))
                        .build())
                .create();
        assertThat(existence.exists(web))
                .as("a pod without the managed label is not looked at")
                .isFalse();

        client.resource(Pods.managed("shop", "web-x", "shop/Deployment/web", null)
                        .build())
                .create();

        assertThat(existence.exists(web)).isTrue();
        assertThat(existence.exists(new WorkloadRef("shop", "deployment", "web2")))
                .isFalse();
    }

    @Test
    void anUnknownKindExistsOnlyThroughItsPods() {
        assertThat(new WorkloadExistence(client).exists(new WorkloadRef("shop", "cronjob", "nightly")))
                .isFalse();
    }
}
