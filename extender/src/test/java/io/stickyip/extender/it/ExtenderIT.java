package io.stickyip.extender.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.extender.wire.ExtenderFilterResult;
import io.stickyip.extender.wire.ExtenderJson;
import io.stickyip.extender.wire.HostPriority;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/**
 * The extender over HTTPS against an API server (fabric8's mock server in CRUD mode, watches
 * included): its view comes from its informers, and every verb answers in the upstream wire types.
 */
@EnableKubernetesMockClient(crud = true)
class ExtenderIT {
    static KubernetesClient client;
    static Cluster cluster;
    static ExtenderFixture extender;
    static final ExtenderJson JSON = new ExtenderJson();

    @BeforeAll
    static void start() {
        cluster = new Cluster(client);
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("stickyip-system")
                        .endMetadata()
                        .build())
                .create();
        cluster.pool("db-eu", "192.0.2.0/24", s -> {
            s.setZones(List.of("a"));
            s.setSubnets(List.of("10.250.0.0/16"));
        });
        cluster.node("w1", "a", "10.250.0.1");
        cluster.node("w2", "b", "10.250.0.2");
        cluster.node("w3", "a", "10.1.0.3");
        cluster.node("w4", "a", "10.250.0.4");
        cluster.node("w5", "a", "10.250.0.5");
        cluster.node("w6", "a", "10.250.0.6");
        cluster.agent("w1", 5);
        cluster.agent("w2", 5);
        cluster.agent("w3", 5);
        cluster.agent("w5", 5, "192.0.2.10");
        cluster.agent("w6", 0);
        extender = ExtenderFixture.https(client);
    }

    @AfterAll
    static void stop() {
        extender.close();
    }

    static ExtenderFilterResult filterResult(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.mapper().readValue(response.body(), ExtenderFilterResult.class);
    }

    @Test
    void keepsOnlyTheNodesWhereTheAddressCanLiveNamingWhyForTheOthers() {
        Pod db = Cluster.pod("db-0", "192.0.2.10", "db-eu");

        ExtenderFilterResult result =
                filterResult(extender.post("/filter", cluster.args(db, "w1", "w2", "w3", "w4", "w5", "w6", "ghost")));

        assertThat(result.error()).isEmpty();
        assertThat(result.nodeNames()).containsExactly("w1", "w5");
        assertThat(result.failedAndUnresolvableNodes())
                .isEqualTo(Map.of(
                        "w2", "stickyip: node w2 is in zone b, pool db-eu allows zone a",
                        "w3", "stickyip: node w3 has InternalIP 10.1.0.3, pool db-eu allows subnet 10.250.0.0/16",
                        "w4", "stickyip: node w4 has no stickyip agent (no Lease stickyip-system/stickyip-node-w4)",
                        "ghost", "stickyip: node ghost is not in the extender's node cache"));
        assertThat(result.failedNodes())
                .isEqualTo(Map.of("w6", "stickyip: node w6 has room for 0 more addresses, pod shop/db-0 needs 1"));
    }

    @Test
    void prefersTheNodeHoldingTheAddressThenItsZone() {
        Pod db = Cluster.pod("db-0", "192.0.2.10", "db-eu");

        HttpResponse<String> response = extender.post("/prioritize", cluster.args(db, "w1", "w2", "w5"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.mapper().readValue(response.body(), new TypeReference<List<HostPriority>>() {}))
                .containsExactly(new HostPriority("w1", 5), new HostPriority("w2", 0), new HostPriority("w5", 10));
    }

    @Test
    void answersAnUnknownPoolWithAnError() {
        ExtenderFilterResult result = filterResult(
                extender.post("/filter", cluster.args(Cluster.pod("db-1", "198.51.100.7", "db-us"), "w1")));

        assertThat(result.error()).isEqualTo("stickyip: pool db-us of pod shop/db-1 is not known (no IPPool db-us)");
        assertThat(result.nodeNames()).isNull();
    }

    @Test
    void answersAPodTheWebhookNeverSawWithAnError() {
        Pod plain = Cluster.pod("web-0", "192.0.2.11", "db-eu");
        plain.getMetadata().setAnnotations(Map.of());

        ExtenderFilterResult result = filterResult(extender.post("/filter", cluster.args(plain, "w1")));

        assertThat(result.error())
                .startsWith("stickyip: pod shop/web-0 requests stickyip.io/ip but carries no stickyip.io/workload");
    }

    @Test
    void refusesAMalformedCallWith400AndTheReason() {
        HttpResponse<String> notJson = extender.post("/filter", "{\"Pod\": ");
        HttpResponse<String> noPod = extender.post("/prioritize", "{\"NodeNames\": [\"w1\"]}");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("\"reason\":\"BadRequest\"").contains("the body is not ExtenderArgs JSON");
        assertThat(noPod.statusCode()).isEqualTo(400);
        assertThat(noPod.body()).contains("ExtenderArgs has no Pod");
    }

    @Test
    void followsANodeRelabelledIntoThePoolsZone() {
        cluster.node("w7", "b", "10.250.0.7");
        cluster.agent("w7", 5);
        Pod db = Cluster.pod("db-0", "192.0.2.10", "db-eu");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(filterResult(extender.post("/filter", cluster.args(db, "w7")))
                                .failedAndUnresolvableNodes())
                        .containsKey("w7"));

        client.nodes().withName("w7").edit(n -> {
            n.getMetadata().getLabels().put(NodeFacts.ZONE_LABEL, "a");
            return n;
        });

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(filterResult(extender.post("/filter", cluster.args(db, "w7")))
                                .nodeNames())
                        .containsExactly("w7"));
    }

    @Test
    void countsAPodBoundSinceTheAgentsLastReportAgainstTheRoom() {
        cluster.node("w8", "a", "10.250.0.8");
        cluster.agent("w8", 1);
        Pod other = Cluster.pod("db-9", "192.0.2.99", "db-eu");
        other.getSpec().setNodeName("w8");
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("shop")
                        .endMetadata()
                        .build())
                .createOr(c -> c.update());
        Pod db = Cluster.pod("db-0", "192.0.2.10", "db-eu");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(filterResult(extender.post("/filter", cluster.args(db, "w8")))
                                .nodeNames())
                        .containsExactly("w8"));

        client.resource(other).create();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(filterResult(extender.post("/filter", cluster.args(db, "w8")))
                                .failedNodes())
                        .containsEntry("w8", "stickyip: node w8 has room for 0 more addresses, pod shop/db-0 needs 1"));
    }

    @Test
    void isReadyAndCountsCallsVerdictsAndLatencyByVerb() {
        extender.post("/filter", cluster.args(Cluster.pod("db-0", "192.0.2.10", "db-eu"), "w1", "w2"));
        extender.post("/prioritize", cluster.args(Cluster.pod("db-0", "192.0.2.10", "db-eu"), "w1"));
        extender.post("/filter", "not json");

        assertThat(extender.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(extender.get("/healthz").statusCode()).isEqualTo(200);
        String metrics = extender.get("/metrics").body();
        assertThat(metrics)
                .containsPattern("stickyip_extender_calls_total\\{outcome=\"ok\",verb=\"filter\"} [1-9]")
                .containsPattern("stickyip_extender_calls_total\\{outcome=\"ok\",verb=\"prioritize\"} [1-9]")
                .containsPattern("stickyip_extender_calls_total\\{outcome=\"bad_request\",verb=\"filter\"} [1-9]")
                .containsPattern("stickyip_extender_verdicts_total\\{reason=\"none\",verdict=\"pass\"} [1-9]")
                .containsPattern("stickyip_extender_verdicts_total\\{reason=\"zone\",verdict=\"unresolvable\"} [1-9]")
                .containsPattern("stickyip_extender_call_duration_seconds_count\\{verb=\"filter\"} [1-9]")
                .contains("stickyip_extender_call_duration_seconds_bucket{verb=\"prioritize\"");
    }
}
