package io.stickyip.store.claim;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.LimitCheck;
import io.stickyip.core.reservation.PoolLimit;
import io.stickyip.store.keys.EtcdKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The part of a claim that enforces its pools' limits (docs/reservations.md, "Limits"), counted
 * under a guard rather than kept in counters:
 * <ul>
 *   <li>read, with the claim's own reads (one revision): the keys of every held address of the
 *       workload's namespace ({@code workloads/NS/}, keys only) and each limited pool's fence key
 *       {@code limits/POOL/NS};</li>
 *   <li>decide ({@link LimitCheck}): what the namespace and the workload hold of the pool, plus
 *       what the claim adds, against the limits;</li>
 *   <li>write, in the claim's own transaction: for each pool the claim adds addresses of, guard
 *       {@code mod_revision(limits/POOL/NS) == as read} and rewrite the fence.</li>
 * </ul>
 * Every claim that adds a limited pool's addresses to a namespace rewrites that fence, so a count
 * read under an unchanged fence cannot have grown since; releases only lower it and do not touch
 * the fence. Two claims of one fence never share a batch (their footprints name it), since a batch
 * evaluates every guard before any write.
 */
final class ClaimLimits {
    private static final GetOption KEYS_UNDER =
            GetOption.builder().isPrefix(true).withKeysOnly(true).build();

    private final EtcdKeys keys;
    private final ClaimRequest request;
    private final List<PoolLimit> limits;

    ClaimLimits(EtcdKeys keys, ClaimRequest request) {
        this.keys = keys;
        this.request = request;
        this.limits = request.limits();
    }

    /** What was read: every address the namespace holds, and each pool's fence revision (0: absent). */
    record Read(List<LimitCheck.Held> namespace, Map<String, Long> fences) {
        static final Read NONE = new Read(List.of(), Map.of());
    }

    boolean any() {
        return !limits.isEmpty();
    }

    /** Appended to the claim's reads: the namespace's workload keys, then one fence per limited pool. */
    List<Op> reads() {
        if (!any()) {
            return List.of();
        }
        List<Op> reads = new ArrayList<>();
        reads.add(Op.get(keys.namespaceWorkloads(request.workload().namespace()), KEYS_UNDER));
        for (PoolLimit limit : limits) {
            reads.add(Op.get(fence(limit), GetOption.DEFAULT));
        }
        return reads;
    }

    /** Parses the responses of {@link #reads()}, in order. */
    Read parse(List<GetResponse> responses) {
        if (!any()) {
            return Read.NONE;
        }
        List<LimitCheck.Held> namespace = new ArrayList<>();
        for (KeyValue kv : responses.getFirst().getKvs()) {
            keys.parseWorkloadKey(kv.getKey()).ifPresent(key -> {
                if (key instanceof EtcdKeys.WorkloadKey.Held held) {
                    namespace.add(new LimitCheck.Held(held.workload(), held.address()));
                }
            });
        }
        Map<String, Long> fences = new HashMap<>();
        for (int i = 0; i < limits.size(); i++) {
            List<KeyValue> fence = responses.get(1 + i).getKvs();
            fences.put(
                    limits.get(i).pool(),
                    fence.isEmpty() ? 0L : fence.getFirst().getModRevision());
        }
        return new Read(namespace, fences);
    }

    Optional<ClaimResult.OverLimit> check(Read read, List<String> newlyHeld) {
        return LimitCheck.check(request.workload(), limits, read.namespace(), newlyHeld);
    }

    /** Each fence of a pool the claim adds addresses of is still as read. */
    List<Cmp> guards(Read read, List<String> newlyHeld) {
        return adding(newlyHeld).stream()
                .map(l -> new Cmp(
                        fence(l),
                        Cmp.Op.EQUAL,
                        CmpTarget.modRevision(read.fences().getOrDefault(l.pool(), 0L))))
                .toList();
    }

    /** Rewrites each fence of a pool the claim adds addresses of. */
    List<Op> puts(List<String> newlyHeld, ByteSequence now) {
        return adding(newlyHeld).stream()
                .<Op>map(l -> Op.put(fence(l), now, PutOption.DEFAULT))
                .toList();
    }

    /** The fences this claim may compare and put. */
    Set<String> footprint() {
        Set<String> names = new LinkedHashSet<>();
        limits.forEach(
                l -> names.add("limit " + l.pool() + "/" + request.workload().namespace()));
        return names;
    }

    private List<PoolLimit> adding(List<String> newlyHeld) {
        return limits.stream()
                .filter(l -> newlyHeld.stream().anyMatch(l::contains))
                .toList();
    }

    private ByteSequence fence(PoolLimit limit) {
        return keys.limitFence(limit.pool(), request.workload().namespace());
    }
}
