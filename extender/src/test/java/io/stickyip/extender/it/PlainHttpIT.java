package io.stickyip.extender.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.extender.wire.ExtenderFilterResult;
import io.stickyip.extender.wire.ExtenderJson;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a certificate directory the extender serves plain HTTP (the scheduler's enableHTTPS: false). */
@EnableKubernetesMockClient(crud = true)
class PlainHttpIT {
    KubernetesClient client;

    @Test
    void answersTheFilterVerbOverPlainHttp() {
        Cluster cluster = new Cluster(client);
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("stickyip-system")
                        .endMetadata()
                        .build())
                .create();
        cluster.pool("db-eu", "192.0.2.0/24", s -> s.setZones(List.of("a")));
        cluster.node("w1", "a", "10.250.0.1");
        cluster.agent("w1", 3);

        try (ExtenderFixture extender = ExtenderFixture.http(client)) {
            HttpResponse<String> response =
                    extender.post("/filter", cluster.args(Cluster.pod("db-0", "192.0.2.10", "db-eu"), "w1"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(new ExtenderJson()
                            .mapper()
                            .readValue(response.body(), ExtenderFilterResult.class)
                            .nodeNames())
                    .containsExactly("w1");
        }
    }
}
