package io.stickyip.aws.bench;

import io.stickyip.aws.AwsCloud;
import io.stickyip.aws.PodAddresses;
import io.stickyip.aws.testing.MotoServer;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.bench.Latencies;
import io.stickyip.bench.Rounds;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.NodeAssociation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * EC2 calls and time per node assignment, pod bind, pod move and release against moto, beside the
 * bare minimum sequence of calls for the same effect sent by a plain SDK client (what moto itself
 * costs). A measurement, not a test: it asserts nothing. {@code hack/bench-aws [ROUNDS]}.
 */
public final class CloudBenchmark {

    private CloudBenchmark() {}

    record Row(
            String operation,
            String minimum,
            List<Long> oursNanos,
            List<Long> minimumNanos,
            Map<String, Long> calls,
            int rounds) {}

    public static void main(String[] args) {
        Rounds.main("hack/bench-aws cloud", 30, CloudBenchmark::run, args); // [ROUNDS], default 30
    }

    static void run(int rounds) throws Exception {
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        try (MotoServer moto = MotoServer.start();
                MotoWorld world = new MotoWorld(moto)) {
            List<String> instances = world.instances(2);
            List<Row> rows = new ArrayList<>();
            try (AwsCloud cloud = world.cloud()) {
                warm(cloud, world, instances);
                rows.add(node(cloud, world, instances, rounds));
                rows.addAll(pods(cloud, world, instances, rounds));
            }
            print(rows);
        }
    }

    static void warm(AwsCloud cloud, MotoWorld world, List<String> instances) {
        for (int i = 0; i < 5; i++) {
            String eip = world.eip(Map.of());
            NodeAssociation.Target t = cloud.nodes().target(MotoWorld.CLUSTER, "bench", "node-w", instances.get(0));
            cloud.nodes().associate(eip, t);
            cloud.nodes().release(eip, "node-w");
            world.admin.associateAddress(
                    r -> r.allocationId(eip).networkInterfaceId(world.primaryEni(instances.get(0))));
            world.admin.disassociateAddress(
                    r -> r.associationId(world.address(eip).associationId()));
        }
    }

    static Row node(AwsCloud cloud, MotoWorld world, List<String> instances, int rounds) {
        List<Long> ours = new ArrayList<>();
        List<Long> minimum = new ArrayList<>();
        cloud.calls().reset();
        for (int i = 0; i < rounds; i++) {
            String eip = world.eip(Map.of());
            ours.add(time(
                    () -> {
                        NodeAssociation.Target t =
                                cloud.nodes().target(MotoWorld.CLUSTER, "bench", "node-a", instances.get(0));
                        return cloud.nodes().associate(eip, t);
                    },
                    CloudStep.Done.class));
            world.admin.disassociateAddress(
                    r -> r.associationId(world.address(eip).associationId()));
        }
        Map<String, Long> calls = cloud.calls().calls();
        String eni = world.primaryEni(instances.get(0));
        for (int i = 0; i < rounds; i++) {
            String eip = world.eip(Map.of());
            minimum.add(time(
                    () -> {
                        String primary = world.admin
                                .describeInstances(r -> r.instanceIds(instances.get(0)))
                                .reservations()
                                .get(0)
                                .instances()
                                .get(0)
                                .networkInterfaces()
                                .get(0)
                                .networkInterfaceId();
                        world.admin.associateAddress(r ->
                                r.allocationId(eip).networkInterfaceId(primary).allowReassociation(false));
                        return world.admin.describeAddresses(r -> r.filters(Filter.builder()
                                .name("allocation-id")
                                .values(eip)
                                .build()));
                    },
                    Object.class));
            world.admin.disassociateAddress(
                    r -> r.associationId(world.address(eip).associationId()));
        }
        return new Row(
                "node assignment (associate + verify)",
                "DescribeInstances, AssociateAddress, DescribeAddresses (3; 1 mutating)",
                ours,
                minimum,
                calls,
                rounds);
    }

    static List<Row> pods(AwsCloud cloud, MotoWorld world, List<String> instances, int rounds) {
        List<Long> bind = new ArrayList<>();
        List<Long> move = new ArrayList<>();
        List<Long> release = new ArrayList<>();
        List<Map<String, Long>> calls = new ArrayList<>();
        for (int phase = 0; phase < 3; phase++) {
            calls.add(null);
        }
        List<String> eips = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            eips.add(world.eip(Map.of()));
        }
        cloud.calls().reset();
        for (String eip : eips) {
            bind.add(time(() -> cloud.pods().bind(eip, holder(instances.get(0), eip), true), CloudStep.Done.class));
        }
        calls.set(0, cloud.calls().calls());
        cloud.calls().reset();
        for (String eip : eips) {
            move.add(time(() -> cloud.pods().bind(eip, holder(instances.get(1), eip), true), CloudStep.Done.class));
        }
        calls.set(1, cloud.calls().calls());
        cloud.calls().reset();
        for (String eip : eips) {
            release.add(time(() -> cloud.pods().release(eip, "bench/" + eip), CloudStep.Released.class));
        }
        calls.set(2, cloud.calls().calls());
        List<Long> minimumMove = minimumMoves(world, instances, rounds);
        return List.of(
                new Row(
                        "pod bind (secondary IP + EIP)",
                        "AssignPrivateIpAddresses, AssociateAddress, DescribeAddresses (3; 2 mutating)",
                        bind,
                        List.of(),
                        calls.get(0),
                        rounds),
                new Row(
                        "pod move (fenced order)",
                        "DisassociateAddress, UnassignPrivateIpAddresses, AssignPrivateIpAddresses, "
                                + "AssociateAddress, DescribeAddresses (5; 4 mutating). Without the fenced order: 3 mutating (assign, "
                                + "associate with AllowReassociation=true, unassign)",
                        move,
                        minimumMove,
                        calls.get(1),
                        rounds),
                new Row(
                        "pod release",
                        "DisassociateAddress, UnassignPrivateIpAddresses (2; 2 mutating)",
                        release,
                        List.of(),
                        calls.get(2),
                        rounds));
    }

    static PodAddresses.Holder holder(String instance, String eip) {
        return new PodAddresses.Holder(MotoWorld.CLUSTER, "bench", "bench/" + eip, instance);
    }

    static List<Long> minimumMoves(MotoWorld world, List<String> instances, int rounds) {
        String a = world.primaryEni(instances.get(0));
        String b = world.primaryEni(instances.get(1));
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            String eip = world.eip(Map.of());
            String ipA = "10.20.1." + (100 + i);
            String ipB = "10.20.1." + (200 + i % 50);
            world.admin.assignPrivateIpAddresses(r -> r.networkInterfaceId(a).privateIpAddresses(ipA));
            String assoc = world.admin
                    .associateAddress(
                            r -> r.allocationId(eip).networkInterfaceId(a).privateIpAddress(ipA))
                    .associationId();
            out.add(time(
                    () -> {
                        world.admin.disassociateAddress(r -> r.associationId(assoc));
                        world.admin.unassignPrivateIpAddresses(
                                r -> r.networkInterfaceId(a).privateIpAddresses(ipA));
                        world.admin.assignPrivateIpAddresses(
                                r -> r.networkInterfaceId(b).privateIpAddresses(ipB));
                        world.admin.associateAddress(r -> r.allocationId(eip)
                                .networkInterfaceId(b)
                                .privateIpAddress(ipB)
                                .allowReassociation(false));
                        return world.admin.describeAddresses(r -> r.filters(Filter.builder()
                                .name("allocation-id")
                                .values(eip)
                                .build()));
                    },
                    Object.class));
            world.admin.disassociateAddress(
                    r -> r.associationId(world.address(eip).associationId()));
            world.admin.unassignPrivateIpAddresses(r -> r.networkInterfaceId(b).privateIpAddresses(ipB));
        }
        return out;
    }

    static long time(Supplier<?> op, Class<?> expected) {
        long t0 = System.nanoTime();
        Object result = op.get();
        long t = System.nanoTime() - t0;
        if (!expected.isInstance(result)) {
            throw new IllegalStateException("expected " + expected.getSimpleName() + ", got " + result);
        }
        return t;
    }

    static void print(List<Row> rows) {
        System.out.println(
                "| operation | EC2 calls per operation, ours (mutating) | by action | minimum the API needs | ours p50 / p99 ms | minimum sequence p50 ms |");
        System.out.println("|---|---|---|---|---|---|");
        for (Row r : rows) {
            long total = r.calls().values().stream().mapToLong(Long::longValue).sum();
            long mutating = r.calls().entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("Describe"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            StringBuilder by = new StringBuilder();
            r.calls()
                    .forEach((k, v) -> by.append(by.isEmpty() ? "" : ", ")
                            .append(k)
                            .append(' ')
                            .append(fmt(v, r.rounds())));
            System.out.printf(
                    "| %s | %s (%s) | %s | %s | %s / %s | %s |%n",
                    r.operation(),
                    fmt(total, r.rounds()),
                    fmt(mutating, r.rounds()),
                    by,
                    r.minimum(),
                    ms(r.oursNanos(), 50),
                    ms(r.oursNanos(), 99),
                    r.minimumNanos().isEmpty() ? "-" : ms(r.minimumNanos(), 50));
        }
    }

    static String fmt(long count, int rounds) {
        double per = (double) count / rounds;
        return per == Math.rint(per) ? Long.toString((long) per) : String.format("%.2f", per);
    }

    static String ms(List<Long> nanos, int percentile) {
        Latencies latencies = new Latencies();
        nanos.forEach(latencies::record);
        return String.format("%.1f", latencies.percentileMillis(percentile));
    }
}
