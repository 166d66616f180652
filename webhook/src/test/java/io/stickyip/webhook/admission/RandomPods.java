package io.stickyip.webhook.admission;

import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.PodDns;
import io.stickyip.core.pool.v1alpha1.Dns;
import io.stickyip.core.pool.v1alpha1.DnsOption;
import io.stickyip.core.workload.WorkloadRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test side: pods as the API server could send them, drawn from a seeded {@link Random}: with and
 * without annotations and labels (absent, null, empty, full, stale stickyip values, keys with
 * {@code /} and {@code ~}), readiness gates, containers and init containers with and without
 * resources, a scheduler name, an own dnsPolicy and dnsConfig, and fields no model knows.
 */
final class RandomPods {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] ODD_KEYS = {
        "a/b", "a~b", "~", "/", "~1", "~0/~1", "x/y~z", "example.com/role", "plain", ""
    };

    private final Random random;

    RandomPods(long seed) {
        this.random = new Random(seed);
    }

    ObjectNode pod() {
        ObjectNode pod = NODES.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata")
                .put("name", "p-" + random.nextInt(1000))
                .put("namespace", "shop");
        annotations(meta);
        map(meta, "labels", "stickyip.io/managed", "true");
        if (chance(4)) {
            meta.putObject("aFieldFromTheFuture").put("keep", "me");
        }
        ObjectNode spec = pod.putObject("spec");
        containers(spec, "containers", random.nextInt(4));
        if (chance(3)) {
            containers(spec, "initContainers", 1 + random.nextInt(2));
        }
        gates(spec);
        pick(spec, "schedulerName", "default-scheduler", "stickyip-scheduler");
        pick(spec, "dnsPolicy", "ClusterFirst", "Default", "None", "ClusterFirstWithHostNet");
        dnsConfig(spec);
        if (chance(4)) {
            spec.putArray("somethingNewInSpec").add(1).add(2);
        }
        return pod;
    }

    Assignment assignment() {
        List<String> addresses = chance(2)
                ? List.of("10.77.0." + (2 + random.nextInt(200)))
                : List.of(
                        "10.77.0." + (2 + random.nextInt(200)),
                        "2001:db8::" + Integer.toHexString(1 + random.nextInt(4000)));
        List<String> pools = addresses.size() == 1
                ? List.of("demo")
                : chance(2) ? List.of("demo", "demo6") : List.of("demo", "demo");
        Assignment a = new Assignment(
                new WorkloadRef("shop", "deployment", "db"),
                random.nextInt(5),
                addresses,
                pools,
                chance(2) ? OptionalInt.of(24) : OptionalInt.empty(),
                chance(2) ? Optional.of("10.77.0.1") : Optional.empty());
        return chance(2) ? a.withClaim("token-" + random.nextInt(100)) : a;
    }

    Optional<String> schedulerName() {
        return chance(2) ? Optional.of("stickyip-scheduler") : Optional.empty();
    }

    /** The pools' DNS for {@link PodDns#merge}: none, one pool or two. */
    List<PodDns.FromPool> pools() {
        List<PodDns.FromPool> out = new ArrayList<>();
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            Dns dns = new Dns();
            if (chance(2)) {
                dns.setNameservers(List.of("192.0.2." + (50 + random.nextInt(3))));
            }
            if (chance(2)) {
                dns.setSearch(List.of("lan" + random.nextInt(3) + ".example"));
            }
            if (chance(2)) {
                dns.setOptions(List.of(chance(2) ? new DnsOption("ndots", "2") : new DnsOption("rotate", null)));
            }
            if (i == 0 && chance(3)) {
                dns.setPolicy(Dns.Policy.ClusterFirst);
            }
            out.add(new PodDns.FromPool("pool" + i, dns));
        }
        return out;
    }

    private void annotations(ObjectNode meta) {
        ObjectNode a = meta.putObject("annotations").put("stickyip.io/pool", "demo");
        int odd = random.nextInt(4);
        for (int i = 0; i < odd; i++) {
            a.put(ODD_KEYS[random.nextInt(ODD_KEYS.length)], "v" + i);
        }
        String[] stale = {
            "stickyip.io/reserved-ip",
            "stickyip.io/claim",
            "stickyip.io/gateway",
            "stickyip.io/prefix-length",
            "stickyip.io/slot",
            "stickyip.io/workload",
            "stickyip.io/reserved-pool"
        };
        for (String key : stale) {
            if (chance(5)) {
                a.put(key, chance(2) ? "stale" : key.endsWith("slot") ? "0" : "10.77.0.1");
            }
        }
    }

    /** Absent, null, empty, or with one ordinary entry and maybe the value the mutator writes. */
    private void map(ObjectNode parent, String field, String ours, String value) {
        switch (random.nextInt(4)) {
            case 0 -> {}
            case 1 -> parent.putNull(field);
            case 2 -> parent.putObject(field);
            default -> {
                ObjectNode m = parent.putObject(field).put("app", "db");
                if (chance(3)) {
                    m.put(ours, chance(2) ? value : "other");
                }
            }
        }
    }

    private void containers(ObjectNode spec, String field, int n) {
        if (n == 0 && chance(2)) {
            return;
        }
        ArrayNode list = spec.putArray(field);
        for (int i = 0; i < n; i++) {
            ObjectNode c = list.addObject().put("name", field + i).put("image", "registry.example/c:" + i);
            switch (random.nextInt(5)) {
                case 0 -> {}
                case 1 -> c.putNull("resources");
                case 2 -> c.putObject("resources");
                default -> {
                    ObjectNode r = c.putObject("resources");
                    resourceMap(r, "requests");
                    resourceMap(r, "limits");
                    if (chance(5)) {
                        r.putArray("claims").addObject().put("name", "gpu");
                    }
                }
            }
            if (chance(4)) {
                c.put("unknownContainerField", true);
            }
        }
    }

    private void resourceMap(ObjectNode resources, String field) {
        switch (random.nextInt(4)) {
            case 0 -> {}
            case 1 -> resources.putObject(field);
            default -> {
                ObjectNode m = resources.putObject(field).put("cpu", "500m");
                if (chance(2)) {
                    m.put("stickyip.io/ip", chance(2) ? "1" : "2");
                }
            }
        }
    }

    private void gates(ObjectNode spec) {
        switch (random.nextInt(5)) {
            case 0 -> {}
            case 1 -> spec.putNull("readinessGates");
            case 2 -> spec.putArray("readinessGates");
            default -> {
                ArrayNode g = spec.putArray("readinessGates");
                if (chance(2)) {
                    g.addObject().put("conditionType", "example.com/other");
                }
                if (chance(2)) {
                    g.addObject().put("conditionType", "stickyip.io/ip-ready");
                }
            }
        }
    }

    private void dnsConfig(ObjectNode spec) {
        switch (random.nextInt(5)) {
            case 0, 1 -> {}
            case 2 -> spec.putObject("dnsConfig");
            default -> {
                ObjectNode d = spec.putObject("dnsConfig");
                if (chance(2)) {
                    d.putArray("nameservers").add("198.51.100.53");
                }
                if (chance(2)) {
                    d.putArray("searches").add("own.example");
                }
                if (chance(2)) {
                    d.putArray("options").addObject().put("name", "ndots").put("value", "5");
                }
            }
        }
    }

    private void pick(ObjectNode node, String field, String... values) {
        if (chance(2)) {
            node.put(field, values[random.nextInt(values.length)]);
        }
    }

    private boolean chance(int oneIn) {
        return random.nextInt(oneIn) == 0;
    }
}
