package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code kubectl get ippools} on the real API server: the CRD's printer columns, read through the API server's
 * Table output (what kubectl asks for) and with kubectl itself, show the pool's addresses and the counts the
 * controller wrote (two pods admitted: 2 reserved, the rest free, and 2 ready once their agents, here the KWOK
 * nodes' stand-in, set {@code stickyip.io/ip-ready}); the short name
 * {@code ipp} is no other resource's.
 */
class IPPoolTableE2EIT {
    static final String NS = "e2e-table";
    static final String POOL = "e2e-table";
    static final String RANGES_POOL = "e2e-table-ranges";
    static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";
    static final Duration WAIT = Duration.ofSeconds(90);
    static KubernetesClient admin;
    static KubernetesClient tenant;

    @BeforeAll
    static void setUp() {
        admin = Clusters.get().client();
        tenant = Identities.tenant(admin, NS);
        // apart from every other e2e pool: an address belongs to one pool (6 usable addresses)
        admin.resources(IPPool.class)
                .resource(Pools.pool(POOL, "10.92.0.0/29", spec -> spec.setNamespaces(List.of(NS))))
                .serverSideApply();
        IPPool ranges = Pools.pool(RANGES_POOL, "10.92.1.0/30", spec -> spec.setNamespaces(List.of(NS)));
        ranges.getSpec().setCidr(null);
        ranges.getSpec().setRanges(List.of("10.92.1.10-10.92.1.13"));
        admin.resources(IPPool.class).resource(ranges).serverSideApply();
        for (String name : List.of("a", "b")) {
            tenant.pods()
                    .inNamespace(NS)
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withAnnotations(Map.of("stickyip.io/pool", POOL))
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("app")
                            .withImage("registry.example/app:1")
                            .endContainer()
                            .endSpec()
                            .build())
                    .create();
        }
    }

    @AfterAll
    static void tearDown() {
        tenant.close();
    }

    @Test
    void theTableShowsTheAddressesAndTheCountsTheControllerWrote() throws Exception {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(row(POOL))
                        .as("the controller's pool status")
                        .containsEntry("Reserved", "2")
                        .containsEntry("Ready", "2"));

        Map<String, String> row = row(POOL);
        assertThat(row)
                .containsEntry("Name", POOL)
                .containsEntry("CIDR", "10.92.0.0/29")
                .containsEntry("Reserved", "2")
                .containsEntry("Free", "4")
                .containsEntry("Ready", "2")
                .containsEntry("Total", "6");
        assertThat(columns())
                .as("name, priority")
                .containsExactly(
                        "Name 0",
                        "CIDR 0",
                        "Ranges 0",
                        "Scope 1",
                        "Free 0",
                        "Ready 0",
                        "Reserved 0",
                        "Total 1",
                        "Waiting 1");
    }

    @Test
    void aPoolOfRangesShowsItsRanges() throws Exception {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(row(RANGES_POOL).get("Free")).isEqualTo("4"));

        assertThat(row(RANGES_POOL))
                .containsEntry("CIDR", "")
                .containsEntry("Ranges", "[\"10.92.1.10-10.92.1.13\"]")
                .containsEntry("Reserved", "0");
    }

    @Test
    void kubectlGetIppShowsTheColumnsAndWideShowsMore() throws Exception {
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(row(POOL)).containsEntry("Reserved", "2").containsEntry("Ready", "2"));

        List<String> plain = kubectl("get", "ipp", POOL);
        assertThat(plain.getFirst().split("\\s+"))
                .containsExactly("NAME", "CIDR", "RANGES", "FREE", "READY", "RESERVED");
        assertThat(byHeader(plain))
                .containsExactly(
                        Map.entry("NAME", POOL),
                        Map.entry("CIDR", "10.92.0.0/29"),
                        Map.entry("RANGES", ""),
                        Map.entry("FREE", "4"),
                        Map.entry("READY", "2"),
                        Map.entry("RESERVED", "2"));
        List<String> wide = kubectl("get", "ippools", POOL, "-o", "wide");
        assertThat(wide.getFirst().split("\\s+"))
                .containsExactly("NAME", "CIDR", "RANGES", "SCOPE", "FREE", "READY", "RESERVED", "TOTAL", "WAITING");
        assertThat(byHeader(wide)).containsEntry("TOTAL", "6").containsEntry("RESERVED", "2");
    }

    /** kubectl's table (a header and one row): each cell by its column's header, cut at the header's offsets. */
    static Map<String, String> byHeader(List<String> lines) {
        String header = lines.get(0);
        String row = lines.get(1);
        List<Integer> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\S+").matcher(header);
        while (m.find()) {
            starts.add(m.start());
            names.add(m.group());
        }
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int from = Math.min(starts.get(i), row.length());
            int to = i + 1 < starts.size() ? Math.min(starts.get(i + 1), row.length()) : row.length();
            cells.put(names.get(i), row.substring(from, to).strip());
        }
        return cells;
    }

    @Test
    void theShortNameIppIsNoOtherResourcesOnThisApiServer() {
        List<String> owners = new ArrayList<>();
        List<String> groupVersions = new ArrayList<>(List.of("v1"));
        admin.getApiGroups()
                .getGroups()
                .forEach(g -> g.getVersions().forEach(v -> groupVersions.add(v.getGroupVersion())));
        for (String gv : groupVersions) {
            for (APIResource r : admin.getApiResources(gv).getResources()) {
                if (r.getShortNames() != null && r.getShortNames().contains("ipp")) {
                    owners.add(gv + "/" + r.getName());
                }
            }
        }
        assertThat(owners).containsExactly("stickyip.io/v1alpha1/ippools");
    }

    /** The pool's row of the API server's Table: cells by column name. */
    static Map<String, String> row(String pool) throws Exception {
        JsonNode table = table("/apis/stickyip.io/v1alpha1/ippools/" + pool);
        JsonNode cells = table.path("rows").get(0).path("cells");
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < table.path("columnDefinitions").size(); i++) {
            JsonNode cell = cells.get(i);
            row.put(
                    table.path("columnDefinitions").get(i).path("name").asString(),
                    cell == null || cell.isNull() ? "" : cell.isString() ? cell.asString() : cell.toString());
        }
        return row;
    }

    static List<String> columns() throws Exception {
        List<String> columns = new ArrayList<>();
        table("/apis/stickyip.io/v1alpha1/ippools/" + POOL)
                .path("columnDefinitions")
                .forEach(c -> columns.add(
                        c.path("name").asString() + " " + c.path("priority").asInt()));
        return columns;
    }

    static JsonNode table(String path) throws Exception {
        HttpRequest request = admin.getHttpClient()
                .newHttpRequestBuilder()
                .uri(admin.getMasterUrl().toString().replaceAll("/$", "") + path)
                .header("Accept", TABLE)
                .build();
        HttpResponse<String> response =
                admin.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
        assertThat(response.code()).as(response.body()).isEqualTo(200);
        JsonNode table = Serialization.jsonMapper().readTree(response.body());
        assertThat(table.path("kind").asString()).isEqualTo("Table");
        return table;
    }

    static List<String> kubectl(String... args) throws IOException, InterruptedException {
        String kubectl = run(List.of("hack/build-tools", "path", "kubectl")).strip();
        List<String> command = new ArrayList<>(
                List.of(kubectl, "--kubeconfig", Clusters.get().clusterEnv().get("KUBECONFIG")));
        command.addAll(List.of(args));
        return run(command).lines().toList();
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(java.nio.file.Path.of("..").toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
        return out;
    }
}
