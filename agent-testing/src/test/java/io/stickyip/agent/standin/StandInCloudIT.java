package io.stickyip.agent.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.stickyip.agent.cloud.AwsPodCloud;
import io.stickyip.agent.cloud.CloudFixtures;
import io.stickyip.agent.pods.CachedPods;
import io.stickyip.agent.pods.PodReporter;
import io.stickyip.agent.work.Outcome;
import io.stickyip.aws.AwsCloud;
import io.stickyip.aws.testing.MotoExtension;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.kube.Cache;
import io.stickyip.runtime.kube.EventRecorder;
import io.stickyip.runtime.kube.Informers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stand-in's pods of a pod-level aws pool against moto's EC2 and the fabric8 mock API server (real informers):
 * bound on the KWOK node's instance and told so; the next pod of the slot on another node takes the EIP over once
 * the first is gone; once no pod wants it, the sweep releases it. A stand-in restarted (new objects, nothing kept)
 * releases what a pod gone meanwhile left.
 */
@ExtendWith(MotoExtension.class)
@EnableKubernetesMockClient(crud = true)
class StandInCloudIT {
    KubernetesClient kube;
    KubernetesMockServer server;
    CloudFixtures.Conditions conditions;
    MotoWorld world;
    AwsCloud aws;
    List<String> instances;
    String eip;
    String publicIp;
    PoolCatalog pools;
    Informers informers;
    StandInPods standIn;
    CachedPods cached;

    @BeforeEach
    void setUp(MotoWorld world) {
        this.world = world;
        instances = world.instances(2);
        eip = world.eip(Map.of("team", "web"));
        publicIp = world.address(eip).publicIp();
        aws = world.cloud();
        pools = CloudFixtures.pools(publicIp);
        conditions = new CloudFixtures.Conditions(server);
        node(1);
        node(2);
        standIn = standIn();
    }

    @AfterEach
    void tearDown() {
        informers.close();
        aws.close();
        kube.close();
    }

    StandInPods standIn() {
        if (informers != null) {
            informers.close();
        }
        informers = new Informers();
        Cache<Node> nodes = informers.cache("nodes", kube.nodes().withLabel("type", "kwok"));
        Cache<Pod> pods = informers.cache(
                "pods",
                kube.pods().inAnyNamespace().withLabel(Annotations.MANAGED_LABEL, "true"),
                CachedPods.indexers());
        informers.start();
        cached = new CachedPods(pods);
        StandInCloud cloud = new StandInCloud(
                new AwsPodCloud(aws, MotoWorld.CLUSTER, Duration.ofSeconds(5)), cached, nodes, () -> pools);
        PodReporter reporter = new PodReporter(
                kube,
                new EventRecorder(kube, "stickyip-agent-stand-in", "", Clock.systemUTC()),
                Clock.systemUTC(),
                () -> {});
        return new StandInPods(cached, nodes, reporter, () -> pools, Optional.of(cloud), TestSeals.TRUSTED);
    }

    void node(int i) {
        kube.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("kwok-" + i)
                        .addToLabels("type", "kwok")
                        .endMetadata()
                        .withNewSpec()
                        .withProviderID("aws:///us-east-1a/" + instances.get(i - 1))
                        .endSpec()
                        .build())
                .create();
    }

    /** Creates the pod; returns its UID (the API server's). */
    String pod(String name, int node) {
        conditions.accept("web-" + name);
        String uid = kube.pods()
                .inNamespace("shop")
                .resource(CloudFixtures.pod("web-" + name, "kwok-" + node, publicIp))
                .create()
                .getMetadata()
                .getUid();
        await().atMost(Duration.ofSeconds(10)).until(() -> informers.synced() && standInSees(uid));
        return uid;
    }

    boolean standInSees(String uid) {
        return cached.byUid(uid).isPresent();
    }

    /** Reconciles until the stand-in's cache has caught up (a retry is what the work queue would do). */
    Outcome reconcile(String uid) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> standIn.reconcile(uid), o -> o instanceof Outcome.Done);
    }

    boolean live(String name) {
        return conditions.told("web-" + name);
    }

    String eni(int i) {
        return world.primaryEni(instances.get(i - 1));
    }

    @Test
    void theEipFollowsTheSlotToAnotherNodeAndIsReleasedWhenNoPodWantsIt() {
        String first = pod("a", 1);
        reconcile(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> live("a"));
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(eni(1));
        assertThat(world.secondaries().get(eni(1))).hasSize(1);

        kube.pods().inNamespace("shop").withName("web-a").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> !standInSees(first));
        String second = pod("b", 2);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> standIn.reconcile(first) instanceof Outcome.Done
                        && standIn.reconcile(second) instanceof Outcome.Done
                        && live("b"));
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(eni(2));
        assertThat(world.secondaries().get(eni(1))).isEmpty();
        assertThat(world.secondaries().get(eni(2))).hasSize(1);

        // the stand-in away while the pod goes: a new one (nothing kept) releases it at its first sweep
        informers.close();
        kube.pods().inNamespace("shop").withName("web-b").delete();
        standIn = standIn();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> kube.pods().inAnyNamespace().list().getItems().isEmpty());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(standIn.sweep()).isEqualTo(Outcome.done());
            assertThat(world.address(eip).associationId()).isNull();
        });
        assertThat(world.allSecondaries()).isEmpty();
        assertThat(world.tags(eip)).containsOnlyKeys("team");
    }
}
