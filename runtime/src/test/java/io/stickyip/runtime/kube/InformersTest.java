package io.stickyip.runtime.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class InformersTest {
    KubernetesClient client;

    /** Before the mock server stops: its shutdown waits for the client's pooled connections. */
    @AfterEach
    void closeClient() {
        client.close();
    }

    static ConfigMap map(String namespace, String name, String color) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .addToData("color", color)
                .build();
    }

    static ResourceEventHandler<ConfigMap> recordingAdds(List<String> seen) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
                seen.add(obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {}

            @Override
            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {}
        };
    }

    @Test
    void startsEveryCacheAndTellsTheListenersOfTheFirstListAndWhatFollows() {
        client.resource(map("a", "one", "red")).create();
        client.resource(map("b", "two", "blue")).create();
        try (Informers informers = new Informers(Duration.ofSeconds(20))) {
            Cache<ConfigMap> maps = informers.cache(
                    "configmaps",
                    client.configMaps().inAnyNamespace(),
                    Map.of("color", m -> List.of(m.getData().get("color"))));
            List<String> seen = new CopyOnWriteArrayList<>();
            informers.onChange(maps, recordingAdds(seen));
            AtomicInteger listedAtSync = new AtomicInteger(-1);
            informers.onSynced(() -> listedAtSync.set(maps.list().size()));
            assertThat(maps.synced()).isFalse();
            assertThat(informers.readiness().notReady()).containsExactly("informer configmaps");

            informers.start();

            assertThat(listedAtSync).hasValue(2);
            assertThat(informers.synced()).isTrue();
            assertThat(informers.readiness().notReady()).isEmpty();
            assertThat(maps.get("a", "one")).isPresent();
            assertThat(maps.get("a", "two")).isEmpty();
            assertThat(maps.byIndex("color", "blue"))
                    .extracting(m -> m.getMetadata().getName())
                    .containsExactly("two");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(seen).containsExactlyInAnyOrder("one", "two"));

            client.resource(map("a", "three", "red")).create();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(seen).contains("three"));
            assertThat(maps.byIndex("color", "red")).hasSize(2);
        }
    }

    @Test
    void refusesAListenerOrACacheOnceStarted() {
        try (Informers informers = new Informers(Duration.ofSeconds(20))) {
            Cache<ConfigMap> maps =
                    informers.cache("configmaps", client.configMaps().inAnyNamespace());
            informers.start();

            assertThatThrownBy(() -> informers.onChange(maps, recordingAdds(new CopyOnWriteArrayList<>())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("informers already started: a listener on configmaps must be set up before start()");
            assertThatThrownBy(() -> informers.cache("secrets", client.secrets().inAnyNamespace()))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> informers.onSynced(() -> {})).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(informers::start).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void noInformersStartAtOnceAndAreReady() {
        try (Informers informers = new Informers()) {
            informers.start();

            assertThat(informers.synced()).isTrue();
            assertThat(informers.readiness().notReady()).isEmpty();
        }
    }
}
