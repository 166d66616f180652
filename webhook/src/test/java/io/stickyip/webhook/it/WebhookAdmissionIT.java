package io.stickyip.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdExtension;
import io.stickyip.webhook.it.Reviews.Answer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The webhook over real HTTPS against a real etcd: the user-facing contract, end to end. */
class WebhookAdmissionIT {
    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    static String prefix;
    static WebhookFixture webhook;
    static ReservationStore store;

    @BeforeAll
    static void start() {
        prefix = "/it-" + UUID.randomUUID() + "/";
        webhook = WebhookFixture.start(etcd.endpoint(), prefix);
        store = new EtcdReservationStore(EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix));
    }

    @AfterAll
    static void stop() {
        store.close();
        webhook.close();
    }

    static Answer mutate(String review) {
        HttpResponse<String> r = webhook.post("/mutate", review);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Reviews.answer(r.body());
    }

    @Test
    void patchesAnAnnotatedPodWithItsAddressReadinessGateAndExtendedResource() {
        Answer a = mutate(Reviews.deploymentPod("default", "web", Map.of("stickyip.io/pool", "demo"), false));
        assertThat(a.allowed()).isTrue();
        assertThat(a.reservedIp()).startsWith("10.77.0.");
        assertThat(a.patched("/metadata/annotations/stickyip.io~1reserved-pool"))
                .isEqualTo("demo");
        assertThat(a.patched("/metadata/annotations/stickyip.io~1workload")).isEqualTo("default/deployment/web");
        assertThat(a.patched("/metadata/labels/stickyip.io~1managed")).isEqualTo("true");
        assertThat(a.patched("/spec/readinessGates")).contains("stickyip.io/ip-ready");
        assertThat(a.patched("/spec/containers/0/resources/requests/stickyip.io~1ip"))
                .isEqualTo("1");
        assertThat(a.patched("/spec/containers/0/resources/limits")).isEqualTo("{\"stickyip.io/ip\":\"1\"}");
        assertThat(a.patch().toString())
                .as("the user's own requests are left alone")
                .doesNotContain("cpu");
    }

    @Test
    void theSameWorkloadGetsTheSameAddressEveryTime() {
        String first = mutate(Reviews.deploymentPod("default", "db", Map.of("stickyip.io/pool", "demo"), false))
                .reservedIp();
        for (int i = 0; i < 3; i++) {
            assertThat(mutate(Reviews.deploymentPod("default", "db", Map.of("stickyip.io/pool", "demo"), false))
                            .reservedIp())
                    .isEqualTo(first);
        }
        assertThat(mutate(Reviews.deploymentPod("default", "other", Map.of("stickyip.io/pool", "demo"), false))
                        .reservedIp())
                .isNotEqualTo(first);
    }

    @Test
    void aStatefulSetOrdinalGetsItsAddressFromTheList() {
        Map<String, String> ann = Map.of("stickyip.io/ip", "10.66.0.31,10.66.0.32,10.66.0.33");
        for (int ordinal = 2; ordinal >= 0; ordinal--) {
            assertThat(mutate(Reviews.statefulSetPod("default", "pg", ordinal, ann))
                            .reservedIp())
                    .isEqualTo("10.66.0.3" + (ordinal + 1));
        }
        assertThat(mutate(Reviews.statefulSetPod("default", "pg", 1, ann)).reservedIp())
                .isEqualTo("10.66.0.32");
    }

    @Test
    void dualStackListsGiveEachPodOneAddressPerFamily() {
        Answer a = mutate(Reviews.statefulSetPod(
                "default", "ds", 1, Map.of("stickyip.io/ip", "10.66.0.41,2001:db8:77::41,10.66.0.42,2001:db8:77::42")));
        assertThat(a.reservedIp()).isEqualTo("10.66.0.42,2001:db8:77::42");
    }

    @Test
    void kubeIpamAnnotationsAreAcceptedUnchanged() {
        Answer a = mutate(Reviews.barePod(
                "default",
                "legacy",
                Map.of(
                        "kube-ipam.ip",
                        "10.66.0.218",
                        "kube-ipam.netmask",
                        "255.255.255.0",
                        "kube-ipam.gateway",
                        "10.66.0.1")));
        assertThat(a.allowed()).as(a.message()).isTrue();
        assertThat(a.reservedIp()).isEqualTo("10.66.0.218");
        assertThat(a.patched("/metadata/annotations/stickyip.io~1prefix-length"))
                .isEqualTo("24");
        assertThat(a.patched("/metadata/annotations/stickyip.io~1gateway")).isEqualTo("10.66.0.1");
    }

    @Test
    void patchesThePoolsDnsIntoThePodInPoolOrder() {
        Answer a = mutate(Reviews.barePod("default", "resolver", Map.of("stickyip.io/pool", "lan,lan6")));
        assertThat(a.allowed()).as(a.message()).isTrue();
        assertThat(a.patched("/spec/dnsPolicy")).isEqualTo("None");
        assertThat(Reviews.JSON.readTree(a.patched("/spec/dnsConfig"))).isEqualTo(Reviews.JSON.readTree("""
                {"nameservers": ["198.51.100.53", "2001:db8:53::53"],
                 "options": [{"name": "ndots", "value": "2"}],
                 "searches": ["lan.example", "v6.lan.example"]}"""));
    }

    @Test
    void deniesDnsOverTheLimitBeforeReservingAnything() throws Exception {
        tools.jackson.databind.node.ObjectNode review = (tools.jackson.databind.node.ObjectNode)
                Reviews.JSON.readTree(Reviews.barePod("default", "crowded", Map.of("stickyip.io/pool", "lan")));
        ((tools.jackson.databind.node.ObjectNode)
                        review.path("request").path("object").path("spec"))
                .putObject("dnsConfig")
                .putArray("nameservers")
                .add("192.0.2.1")
                .add("192.0.2.2")
                .add("192.0.2.3");
        Answer a = mutate(review.toString());
        assertThat(a.allowed()).isFalse();
        assertThat(a.code()).isEqualTo(403);
        assertThat(a.message())
                .isEqualTo(
                        "spec.dnsConfig.nameservers: the pod's 192.0.2.1, 192.0.2.2, 192.0.2.3 and pool lan's"
                                + " 198.51.100.53 make 4 servers (192.0.2.1, 192.0.2.2, 192.0.2.3, 198.51.100.53): a pod has at most 3 nameservers");
        assertThat(store.find(new WorkloadRef("default", "pod", "crowded"), 0)
                        .toCompletableFuture()
                        .get())
                .isEmpty();
    }

    @Test
    void aDryRunReservesNothing() throws Exception {
        Answer a = mutate(Reviews.deploymentPod("default", "dry", Map.of("stickyip.io/pool", "demo"), true));
        assertThat(a.allowed()).isTrue();
        assertThat(a.reservedIp()).startsWith("10.77.0.");
        assertThat(a.warnings().toString()).contains("dry run");
        assertThat(store.find(new WorkloadRef("default", "deployment", "dry"), 0)
                        .toCompletableFuture()
                        .get())
                .isEmpty();
        assertThat(store.holders().toCompletableFuture().get()).doesNotContainKey(a.reservedIp());
    }

    @Test
    void aPodWithoutStickyipAnnotationsPassesUntouched() {
        Answer a = mutate(Reviews.barePod("default", "plain", Map.of("team", "x")));
        assertThat(a.allowed()).isTrue();
        assertThat(a.patch()).isNull();
    }

    static Stream<Arguments> badAnnotations() {
        return Stream.of(
                Arguments.of(
                        "notAnAddress",
                        "default",
                        Map.of("stickyip.io/ip", "10.0.0.300"),
                        "stickyip.io/ip: 10.0.0.300 is not an IP address"),
                Arguments.of(
                        "outOfEveryPool",
                        "default",
                        Map.of("stickyip.io/ip", "192.0.2.9"),
                        "stickyip.io/ip: 192.0.2.9 is in no IPPool"),
                Arguments.of(
                        "outOfTheNamedPool",
                        "default",
                        Map.of("stickyip.io/pool", "demo", "stickyip.io/ip", "10.99.0.5"),
                        "stickyip.io/ip: 10.99.0.5 is not in pool demo"),
                Arguments.of(
                        "disallowedNamespace",
                        "dev",
                        Map.of("stickyip.io/pool", "public-eu"),
                        "namespace dev may not use pool public-eu"),
                Arguments.of(
                        "duplicateAddress",
                        "default",
                        Map.of("stickyip.io/ip", "10.66.0.9,10.66.0.9"),
                        "stickyip.io/ip: 10.66.0.9 is listed twice"),
                Arguments.of(
                        "unknownPool",
                        "default",
                        Map.of("stickyip.io/pool", "nope"),
                        "stickyip.io/pool: nope does not exist"),
                Arguments.of(
                        "nodeScopedPool",
                        "default",
                        Map.of("stickyip.io/pool", "nodes"),
                        "stickyip.io/pool: nodes has scope Node"),
                Arguments.of(
                        "badPerPod",
                        "default",
                        Map.of("stickyip.io/pool", "demo", "stickyip.io/addresses-per-pod", "zero"),
                        "stickyip.io/addresses-per-pod: zero is not a whole number"),
                Arguments.of(
                        "gatewayOffTheNetwork",
                        "default",
                        Map.of(
                                "kube-ipam.ip",
                                "10.66.0.216",
                                "kube-ipam.netmask",
                                "255.255.0.0",
                                "kube-ipam.gateway",
                                "192.168.9.1"),
                        "kube-ipam.gateway: 192.168.9.1 is not inside 10.66.0.0/16, the prefix of 10.66.0.216"),
                Arguments.of(
                        "twoPoolsOfOneFamily",
                        "default",
                        Map.of("stickyip.io/pool", "demo,fixed"),
                        "stickyip.io/pool: demo,fixed names pools demo and fixed, both IPv4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAnnotations")
    void deniesBadAnnotationsNamingAnnotationValueAndRule(
            String name, String namespace, Map<String, String> annotations, String message) {
        Answer a = mutate(Reviews.barePod(namespace, "bad-" + name.toLowerCase(), annotations));
        assertThat(a.allowed()).isFalse();
        assertThat(a.code()).isEqualTo(403);
        assertThat(a.message()).startsWith(message);
    }

    @Test
    void deniesAnAddressHeldByAnotherWorkloadNamingTheHolderToItsOwnNamespaceOnly() {
        assertThat(mutate(Reviews.deploymentPod("shop", "db", Map.of("stickyip.io/ip", "10.66.0.7"), false))
                        .allowed())
                .isTrue();

        Answer neighbour = mutate(Reviews.deploymentPod("shop", "cache", Map.of("stickyip.io/ip", "10.66.0.7"), false));
        assertThat(neighbour.allowed()).isFalse();
        assertThat(neighbour.message()).contains("10.66.0.7 is reserved by deployment shop/db");

        String hidden = "stickyip.io/ip: 10.66.0.7 is already reserved by a workload in another namespace";
        Answer a = mutate(Reviews.deploymentPod("default", "thief", Map.of("stickyip.io/ip", "10.66.0.7"), false));
        assertThat(a.allowed()).isFalse();
        assertThat(a.message()).isEqualTo(hidden);
        // a dry run reads the watched holder view: once it has the holder, the probe learns no more
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Answer probe =
                    mutate(Reviews.deploymentPod("default", "thief", Map.of("stickyip.io/ip", "10.66.0.7"), true));
            assertThat(probe.allowed()).isFalse();
            assertThat(probe.message()).isEqualTo(hidden);
        });
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("notJson", "{not json", "body is not JSON"),
                Arguments.of("array", "[1,2]", "body is not a JSON object"),
                Arguments.of(
                        "wrongApiVersion",
                        "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{}}",
                        "apiVersion is 'admission.k8s.io/v1beta1'"),
                Arguments.of(
                        "wrongEnvelopeKind",
                        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Pod\"}",
                        "kind is 'Pod', expected AdmissionReview"),
                Arguments.of(
                        "missingRequest",
                        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
                        "request is missing"),
                Arguments.of(
                        "missingUid",
                        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"operation\":\"CREATE\",\"object\":{}}}",
                        "request.uid is missing"),
                Arguments.of(
                        "missingObject",
                        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"operation\":\"CREATE\"}}",
                        "request.object is missing"),
                Arguments.of("empty", "", "body is not"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void answersMalformedBodiesWith400AndAMessage(String name, String body, String message) {
        HttpResponse<String> r = webhook.post("/mutate", body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains(message);
    }

    @Test
    void answersAnOversizeBodyWith413() {
        HttpResponse<String> r = webhook.post("/mutate", "{\"x\":\"" + "a".repeat(300_000) + "\"}");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("larger than");
    }

    @Test
    void deniesAReviewOfTheWrongKind() {
        Answer a = mutate(Reviews.object(
                "",
                "v1",
                "Service",
                "default",
                "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"}}"));
        assertThat(a.allowed()).isFalse();
        assertThat(a.message()).contains("stickyip mutates v1 Pods; got v1/Service");
    }

    @Test
    void deniesARollingUpdateDeploymentWithOneAddress() {
        String deployment = """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"db","namespace":"shop"},
                 "spec":{"replicas":1,"strategy":{"type":"RollingUpdate"},"selector":{"matchLabels":{"app":"db"}},
                  "template":{"metadata":{"labels":{"app":"db"},"annotations":{"stickyip.io/ip":"10.77.0.5"}},
                   "spec":{"containers":[{"name":"db","image":"db:1"}]}}}}""";
        HttpResponse<String> r =
                webhook.post("/validate", Reviews.object("apps", "v1", "Deployment", "shop", deployment));
        Answer a = Reviews.answer(r.body());
        assertThat(a.allowed()).isFalse();
        assertThat(a.message())
                .contains("deployment db: strategy RollingUpdate needs 2 addresses")
                .contains("strategy: Recreate");
        Answer recreate = Reviews.answer(webhook.post(
                        "/validate",
                        Reviews.object(
                                "apps", "v1", "Deployment", "shop", deployment.replace("RollingUpdate", "Recreate")))
                .body());
        assertThat(recreate.allowed()).isTrue();
    }

    @Test
    void deniesAPoolWhoseGatewayIsOffItsNetwork() {
        String pool =
                "{\"apiVersion\":\"stickyip.io/v1alpha1\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"offlink\"},"
                        + "\"spec\":{\"cidr\":\"10.55.0.0/24\",\"gateway\":\"192.168.9.1\"}}";
        Answer a =
                Reviews.answer(webhook.post("/validate", Reviews.object("stickyip.io", "v1alpha1", "IPPool", "", pool))
                        .body());
        assertThat(a.allowed()).isFalse();
        assertThat(a.message())
                .isEqualTo("spec.gateway: 192.168.9.1 is not inside 10.55.0.0/24, the prefix of the pool's addresses: "
                        + "a next hop must be on the pod's network");
    }

    @Test
    void deniesAPoolOverlappingAnother() {
        String pool =
                "{\"apiVersion\":\"stickyip.io/v1alpha1\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"clash\"},\"spec\":{\"cidr\":\"10.77.0.128/25\"}}";
        Answer a =
                Reviews.answer(webhook.post("/validate", Reviews.object("stickyip.io", "v1alpha1", "IPPool", "", pool))
                        .body());
        assertThat(a.allowed()).isFalse();
        assertThat(a.message()).isEqualTo("pool clash overlaps pool demo: an address belongs to one pool");
    }

    @Test
    void servesHealthReadinessAndMetrics() {
        assertThat(webhook.get("/healthz")).isEqualTo("ok");
        assertThat(webhook.get("/readyz")).isEqualTo("ok");
        mutate(Reviews.barePod("default", "metered", Map.of("stickyip.io/ip", "10.0.0.300")));
        assertThat(webhook.get("/metrics"))
                .contains("stickyip_admission_requests_total{endpoint=\"mutate\",kind=\"pod\",result=\"denied\"}");
    }

    @Test
    void aFloodOfOddKindsMintsNoMetricSeries() {
        for (int i = 0; i < 50; i++) {
            webhook.post(
                    "/validate",
                    Reviews.object("odd.example", "v1", "Odd" + i, "default", "{\"metadata\":{\"name\":\"x\"}}"));
        }

        String scrape = webhook.get("/metrics");
        assertThat(scrape)
                .contains("stickyip_admission_requests_total{endpoint=\"validate\",kind=\"other\",result=\"denied\"}");
        assertThat(scrape).doesNotContain("Odd");
        assertThat(scrape.lines()
                        .filter(l -> l.startsWith("stickyip_admission_requests_total{"))
                        .count())
                .isLessThanOrEqualTo(2 * 5 * 5);
    }
}
