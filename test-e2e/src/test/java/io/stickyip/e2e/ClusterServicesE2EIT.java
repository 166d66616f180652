package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a real cluster gives its pods beyond the pod network, on the local real nodes: cluster DNS
 * (CoreDNS, a pod behind Service kube-system/kube-dns) and Service networking (kube-proxy in each
 * node's namespaces). A pod on each real node resolves the API server's Service name and reaches
 * the API server through it with its service account token; a pod on one node reaches a ClusterIP
 * Service whose endpoint is a pod on the other. Each check has a control that shows it can fail.
 */
class ClusterServicesE2EIT {
    static final String NS = "e2e-services";
    static final String API_NAME = "kubernetes.default.svc.cluster.local";
    static final Duration WAIT = Duration.ofSeconds(60);

    static KubernetesClient k;
    static List<String> nodes;

    @BeforeAll
    static void setUp() {
        ClusterHarness cluster = Clusters.get();
        k = cluster.client();
        nodes = cluster.realNodes();
        assumeTrue(
                !"0".equals(System.getProperty("stickyip.e2e.realNodes", "2")),
                "real nodes turned off (-Dstickyip.e2e.realNodes=0)");
        assertThat(nodes).as("real nodes of the e2e cluster").hasSizeGreaterThanOrEqualTo(2);
        k.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
        for (String node : nodes) {
            k.resource(RealPods.echoPod(NS, podOn(node), node)).create();
        }
        for (String node : nodes) {
            await().atMost(WAIT)
                    .until(() -> k.pods().inNamespace(NS).withName(podOn(node)).get(), RealPods::isReady);
        }
    }

    static String podOn(String node) {
        return "on-" + node;
    }

    @Test
    void aPodOnEachRealNodeResolvesTheApiServersServiceThroughClusterDns() {
        String dnsIp = k.services()
                .inNamespace("kube-system")
                .withName("kube-dns")
                .get()
                .getSpec()
                .getClusterIP();
        String apiIp = k.services()
                .inNamespace("default")
                .withName("kubernetes")
                .get()
                .getSpec()
                .getClusterIP();
        for (String node : nodes) {
            assertThat(run(podOn(node), "cat", "/etc/resolv.conf").out())
                    .as("resolv.conf of the pod on %s", node)
                    .contains("nameserver " + dnsIp);
            assertThat(run(podOn(node), "/probe", "lookup", API_NAME))
                    .as("%s looked up on %s", API_NAME, node)
                    .isEqualTo(new Outcome(0, apiIp + "\n", ""));
            assertThat(run(podOn(node), "/probe", "lookup", "kubernetes.default")
                            .out())
                    .as("the short name through the pod's search list on %s", node)
                    .isEqualTo(apiIp + "\n");
            // control: a name the cluster does not have is not found, so the lookup above is an answer
            Outcome missing = run(podOn(node), "/probe", "lookup", "no-such-service.default.svc.cluster.local");
            assertThat(missing.code())
                    .as("lookup of a missing name on %s", node)
                    .isEqualTo(1);
            assertThat(missing.err()).contains("on " + dnsIp + ":53: no such host");
        }
    }

    @Test
    void aPodOnEachRealNodeReachesTheApiServerThroughTheKubernetesServiceWithItsToken() {
        String version = k.getKubernetesVersion().getGitVersion();
        for (String node : nodes) {
            assertThat(run(podOn(node), "/probe", "api", "https://kubernetes.default.svc/version")
                            .out())
                    .as("GET /version through the kubernetes Service from %s", node)
                    .startsWith("200\n")
                    .contains("\"gitVersion\": \"" + version + "\"");
            // the API server saw the pod's own identity: its token, not an anonymous or admin call
            assertThat(run(
                                    podOn(node),
                                    "/probe",
                                    "api",
                                    "https://kubernetes.default.svc/api/v1/namespaces/" + NS + "/secrets")
                            .out())
                    .as("GET of the namespace's secrets from %s", node)
                    .startsWith("403\n")
                    .contains("User \\\"system:serviceaccount:" + NS
                            + ":default\\\" cannot list resource \\\"secrets\\\"");
        }
    }

    @Test
    void aPodOnOneNodeReachesAClusterIpServiceWhoseEndpointIsAPodOnTheOther() {
        String client = podOn(nodes.get(0));
        Pod server = k.pods().inNamespace(NS).withName(podOn(nodes.get(1))).get();
        String ip = service("to-server", server.getMetadata().getName());
        String serverIp = server.getStatus().getPodIP();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(run(client, "nc", "-w", "3", ip, "80"))
                        .as("ClusterIP %s:80 from %s, its endpoint on %s", ip, nodes.get(0), nodes.get(1))
                        .satisfies(o -> assertThat(o.code()).isZero())
                        .satisfies(o -> assertThat(o.out())
                                .contains(
                                        "local=" + serverIp + ":" + RealPods.ECHO_PORT,
                                        "host=" + server.getMetadata().getName())));
        assertThat(run(client, "/probe", "lookup", "to-server").out())
                .as("the Service's name from %s", nodes.get(0))
                .isEqualTo(ip + "\n");

        // control: a Service without an endpoint gives nothing, so the answer above came through the one above
        String empty = service("to-nobody", "no-such-pod");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(run(client, "nc", "-w", "3", empty, "80"))
                        .as("ClusterIP %s:80 with no endpoint, from %s", empty, nodes.get(0))
                        .satisfies(o -> assertThat(o.out()).isEmpty())
                        .satisfies(o -> assertThat(o.code()).isNotZero()));
    }

    /** A ClusterIP Service on port 80 to the echo port of the pod labelled app={@code app}; its ClusterIP. */
    static String service(String name, String app) {
        Service s = new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", app))
                .addNewPort()
                .withPort(80)
                .withNewTargetPort(RealPods.ECHO_PORT)
                .endPort()
                .endSpec()
                .build();
        return k.resource(s).create().getSpec().getClusterIP();
    }

    record Outcome(int code, String out, String err) {}

    /** {@code kubectl exec} in the pod's echo container: exit code, stdout and stderr. */
    static Outcome run(String pod, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = k.pods()
                .inNamespace(NS)
                .withName(pod)
                .inContainer("echo")
                .writingOutput(out)
                .writingError(err)
                .exec(command)) {
            Integer code = watch.exitCode().get(30, TimeUnit.SECONDS);
            return new Outcome(
                    code == null ? -1 : code,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError("exec of " + List.of(command) + " in " + pod + " did not finish", e);
        }
    }
}
