package io.stickyip.runtime.pools;

import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.runtime.kube.Informers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubePoolSourceTest {
    KubernetesClient client;

    /** Before the mock server stops: its shutdown waits for the client's pooled connections. */
    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void compilesThePoolsOfTheFirstListBeforeItSaysReadyAndFollowsChanges() {
        client.resource(pool("demo", "10.77.0.0/24")).create();
        client.resource(pool("broken", "10.77.1.9/24")).create();
        try (Informers informers = new Informers(Duration.ofSeconds(20))) {
            KubePoolSource pools = new KubePoolSource(client, informers);
            assertThat(pools.ready()).isFalse();
            assertThat(pools.catalog().all()).isEmpty();

            informers.start();

            assertThat(pools.ready()).isTrue();
            assertThat(pools.catalog().all()).extracting(CompiledPool::name).containsExactly("demo");
            assertThat(pools.catalog().brokenReason("broken"))
                    .hasValueSatisfying(r -> assertThat(r).contains("host bits"));
            assertThat(pools.pools()).hasSize(2);

            client.resource(pool("public-eu", "203.0.113.0/28")).create();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(pools.catalog().get("public-eu")).isPresent());

            client.resources(IPPool.class).withName("demo").delete();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(pools.catalog().get("demo")).isEmpty());
        }
    }

    @Test
    void recompilesOnANewGenerationOfTheSpec() {
        client.resource(pool("demo", "10.77.0.0/24")).create();
        try (Informers informers = new Informers(Duration.ofSeconds(20))) {
            KubePoolSource pools = new KubePoolSource(client, informers);
            informers.start();

            IPPool changed = client.resources(IPPool.class).withName("demo").get();
            changed.getSpec().setCidr("10.78.0.0/24");
            changed.getMetadata()
                    .setGeneration(
                            changed.getMetadata().getGeneration() == null
                                    ? 2L
                                    : changed.getMetadata().getGeneration() + 1);
            client.resource(changed).update();

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(pools.catalog()
                                    .get("demo")
                                    .orElseThrow()
                                    .space()
                                    .toString())
                            .contains("10.78.0"));
        }
    }
}
