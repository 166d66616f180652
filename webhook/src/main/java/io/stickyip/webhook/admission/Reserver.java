package io.stickyip.webhook.admission;

import inet.ipaddr.IPAddress;
import io.stickyip.core.admission.AdmissionPlan;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.Outcome;
import io.stickyip.core.admission.SlotPlan;
import io.stickyip.core.admission.SlotRequest;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.Checked;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.PoolLimit;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.webhook.allocation.AllocationCache;
import io.stickyip.webhook.pods.SlotClaims;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * An admission's slot and addresses, reserved in one call ({@link #reserve(AdmissionPlan, boolean, AdmissionPhases)}):
 * the slot through {@link SlotClaims}, then the slot's claim. Turns a {@link SlotPlan} into reserved addresses through the store, as an {@link Outcome}: the
 * assignment, a refusal naming the address and its holder (only to the holder's own namespace; see
 * {@link ClaimResult.Conflict#describeFor}), the full pool, or a limit of the pool the namespace or
 * workload reached, or the store being
 * unavailable. Pool addresses are picked from the allocation cache and claimed; a conflict (another
 * replica was faster) marks the address taken and tries others, a bounded number of times.
 */
public final class Reserver {
    static final int MAX_POOL_ATTEMPTS = 12;

    private final ReservationStore store;
    private final AllocationCache allocations;
    private final SlotClaims slots;

    public Reserver(ReservationStore store, AllocationCache allocations, SlotClaims slots) {
        this.store = store;
        this.allocations = allocations;
        this.slots = slots;
    }

    /**
     * The admission's one reservation: takes the pod's slot (a dry run only looks), plans the slot's
     * claim ({@link AdmissionPlan#forSlot}) and reserves (or previews) its addresses. When that does
     * not succeed, the slot taken is given back here, the one place that undoes.
     */
    public CompletionStage<Outcome<Assignment>> reserve(AdmissionPlan plan, boolean dryRun, AdmissionPhases phases) {
        SlotRequest slot = plan.slot();
        return timed(phases, "slot", () -> dryRun ? slots.preview(slot) : slots.acquire(slot))
                .thenCompose(taken -> taken.thenAsync(n -> timed(phases, "reserve", () -> addresses(plan, n, dryRun))
                        .whenComplete((outcome, error) -> {
                            if ((error != null || !outcome.isDone()) && !dryRun) {
                                slots.abandon(slot, n);
                            }
                        })
                        .thenApply(outcome -> outcome.map(a -> slots.kept() ? a.withClaim(slot.token()) : a))));
    }

    /** Whether the admission {@code token} is over: a pod carrying its claim exists or existed ({@link SlotClaims#claimedByAPod}). */
    public boolean claimedByAPod(String namespace, String token) {
        return slots.claimedByAPod(namespace, token);
    }

    private CompletionStage<Outcome<Assignment>> addresses(AdmissionPlan plan, int n, boolean dryRun) {
        return switch (plan.forSlot(n)) {
            case Checked.Invalid<SlotPlan> invalid -> done(Outcome.refused(invalid.message()));
            case Checked.Valid<SlotPlan> valid ->
                dryRun ? preview(valid.value(), plan.catalog()) : reserve(valid.value(), plan.catalog());
        };
    }

    private static <T> CompletionStage<T> timed(
            AdmissionPhases phases, String phase, Supplier<CompletionStage<T>> stage) {
        long started = System.nanoTime();
        return stage.get()
                .whenComplete((value, error) -> phases.phase(phase, Duration.ofNanos(System.nanoTime() - started)));
    }

    /** Claims the plan's addresses: reserved, refused (held by another workload, pool full), or the store is unavailable. */
    public CompletionStage<Outcome<Assignment>> reserve(SlotPlan plan, PoolCatalog catalog) {
        return switch (plan) {
            case SlotPlan.Explicit e ->
                Outcome.fromStore(
                        store.claim(new ClaimRequest(
                                e.workload(),
                                e.slot(),
                                String.join(",", distinct(e.pools())),
                                e.addresses(),
                                e.held(),
                                PoolLimit.forAddresses(catalog, e.held()))),
                        result -> explicitOutcome(e, result, catalog));
            case SlotPlan.FromPools p -> claimFromPools(p, catalog, 1);
        };
    }

    /** A dry run: the assignment the pod would get, read-only. */
    public CompletionStage<Outcome<Assignment>> preview(SlotPlan plan, PoolCatalog catalog) {
        return Outcome.fromStore(store.find(plan.workload(), plan.slot()), existing -> {
            if (existing.isPresent()) {
                return existingAssignment(plan, existing.get(), catalog);
            }
            return switch (plan) {
                case SlotPlan.Explicit e ->
                    e.held().stream()
                            .flatMap(a -> allocations
                                    .lastKnownHolder(a)
                                    .filter(h -> !h.equals(e.workload()))
                                    .map(h -> new ClaimResult.Conflict(a, h).describeFor(e.workload(), e.source()))
                                    .stream())
                            .findFirst()
                            .<Outcome<Assignment>>map(Outcome::refused)
                            .orElseGet(() -> Outcome.done(assignment(plan, e.addresses(), e.pools())));
                case SlotPlan.FromPools p -> {
                    List<String> addresses = new ArrayList<>();
                    List<String> pools = new ArrayList<>();
                    yield pickFromPools(p, addresses, pools)
                            .<Outcome<Assignment>>map(Outcome::refused)
                            .orElseGet(() -> Outcome.done(assignment(plan, addresses, pools)));
                }
            };
        });
    }

    private CompletionStage<Outcome<Assignment>> claimFromPools(
            SlotPlan.FromPools plan, PoolCatalog catalog, int attempt) {
        List<String> addresses = new ArrayList<>();
        List<String> pools = new ArrayList<>();
        Optional<String> full = pickFromPools(plan, addresses, pools);
        if (full.isPresent()) {
            // the cache may think the pool is full while the slot already holds addresses
            return Outcome.fromStore(
                    store.find(plan.workload(), plan.slot()),
                    existing -> existing.map(r -> existingAssignment(plan, r, catalog))
                            .orElseGet(() -> Outcome.refused(full.get())));
        }
        ClaimRequest request = ClaimRequest.of(
                        plan.workload(), plan.slot(), String.join(",", distinct(pools)), addresses)
                .withLimits(PoolLimit.forAddresses(catalog, addresses));
        return Outcome.fromStore(store.claim(request), Outcome::done)
                .thenCompose(claimed -> claimed.thenAsync(result -> switch (result) {
                    case ClaimResult.Created c -> {
                        c.reservation().addresses().forEach(allocations::markTaken);
                        yield done(Outcome.done(assignment(plan, addresses, pools)));
                    }
                    case ClaimResult.Existing x -> done(existingAssignment(plan, x.reservation(), catalog));
                    case ClaimResult.Conflict c -> {
                        allocations.markTaken(c.address());
                        yield attempt >= MAX_POOL_ATTEMPTS
                                ? done(Outcome.refused("stickyip.io/pool: " + String.join(",", distinct(pools))
                                        + " could not reserve a free address after " + attempt
                                        + " attempts (the pool is nearly full or heavily contended); retry"))
                                : claimFromPools(plan, catalog, attempt + 1);
                    }
                    case ClaimResult.OverLimit over -> done(Outcome.refused(over.describe()));
                }));
    }

    /** Picks the plan's addresses from the allocation cache; the refusal if a pool has too few left. */
    private Optional<String> pickFromPools(SlotPlan.FromPools plan, List<String> addresses, List<String> pools) {
        for (CompiledPool pool : plan.pools()) {
            List<IPAddress> picked = allocations.pick(pool, plan.perPool());
            if (picked.size() < plan.perPool()) {
                return Optional.of("stickyip.io/pool: " + pool.name() + " has no free address ("
                        + pool.space().size() + " addresses, all reserved)");
            }
            for (IPAddress a : picked) {
                addresses.add(Addresses.canonical(a));
                pools.add(pool.name());
            }
        }
        return Optional.empty();
    }

    private Outcome<Assignment> explicitOutcome(SlotPlan.Explicit plan, ClaimResult result, PoolCatalog catalog) {
        return switch (result) {
            case ClaimResult.Created c -> {
                plan.held().forEach(allocations::markTaken);
                yield Outcome.done(assignment(plan, plan.addresses(), plan.pools()));
            }
            case ClaimResult.Existing x -> existingAssignment(plan, x.reservation(), catalog);
            case ClaimResult.Conflict c -> Outcome.refused(c.describeFor(plan.workload(), plan.source()));
            case ClaimResult.OverLimit over -> Outcome.refused(over.describe());
        };
    }

    /** The slot already holds addresses: they are kept, unless the annotations now ask for others. */
    private Outcome<Assignment> existingAssignment(SlotPlan plan, Reservation existing, PoolCatalog catalog) {
        List<String> pools = new ArrayList<>();
        for (String a : existing.addresses()) {
            pools.add(Addresses.parse(a)
                    .flatMap(ip -> catalog.containing(ip).stream().findFirst())
                    .map(CompiledPool::name)
                    .orElse(existing.pool()));
        }
        String mismatch = switch (plan) {
            case SlotPlan.Explicit e ->
                e.addresses().equals(existing.addresses()) ? null : String.join(",", e.addresses());
            case SlotPlan.FromPools p -> {
                Set<String> wanted =
                        new HashSet<>(p.pools().stream().map(CompiledPool::name).toList());
                yield wanted.containsAll(pools)
                                && existing.addresses().size()
                                        == p.perPool() * p.pools().size()
                        ? null
                        : "pool " + String.join(",", wanted);
            }
        };
        if (mismatch != null) {
            return Outcome.refused("slot " + plan.slot() + " of " + plan.workload() + " holds "
                    + String.join(",", existing.addresses()) + " but the annotations now ask for " + mismatch
                    + ": an address stays with its workload until the workload is deleted");
        }
        return Outcome.done(assignment(plan, existing.addresses(), pools));
    }

    private static Assignment assignment(SlotPlan plan, List<String> addresses, List<String> pools) {
        return new Assignment(plan.workload(), plan.slot(), addresses, pools, plan.prefixLength(), plan.gateway());
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static List<String> distinct(List<String> pools) {
        return pools.stream().distinct().toList();
    }
}
