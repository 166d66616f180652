package io.stickyip.webhook.pods;

import io.stickyip.core.admission.Liveness;
import io.stickyip.core.admission.Outcome;
import io.stickyip.core.admission.SlotChoice;
import io.stickyip.core.admission.SlotChooser;
import io.stickyip.core.admission.SlotQuery;
import io.stickyip.core.admission.SlotRequest;
import io.stickyip.core.reservation.OccupancyStore;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.reservation.OccupyResult;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.lifecycle.LogValue;
import io.stickyip.runtime.pods.LiveCheck;
import io.stickyip.runtime.pods.PodView;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slot of each admitted pod, decided in the store: the admission reads the workload's
 * occupants, {@link SlotChooser} picks a slot (free, or held by a pod known to be gone), and the
 * store takes it with a transaction guarded on what was read; a lost race re-decides from the
 * fresh read the store returns. The pod view only hints (which occupants' pods are live, which
 * slots live pods show); a pod it does not know is asked of the API server ({@link LiveCheck})
 * before its slot is taken over. Slots this replica is taking right now are skipped by its other
 * admissions, so one replica does not race itself. A dry run reads and writes nothing.
 */
public final class SlotClaims {
    private static final Logger LOG = LoggerFactory.getLogger(SlotClaims.class);
    static final int MAX_ATTEMPTS = 16;
    static final int MAX_CHECKS = 3;

    private final OccupancyStore store;
    private final PodView pods;
    private final LiveCheck live;
    private final Executor blocking;
    private final Clock clock;
    private final Map<WorkloadRef, Set<Integer>> inFlight = new HashMap<>();
    private final LongAdder lostRaces = new LongAdder();

    public SlotClaims(OccupancyStore store, PodView pods, LiveCheck live, Executor blocking, Clock clock) {
        this.store = store;
        this.pods = pods;
        this.live = live;
        this.blocking = blocking;
        this.clock = clock;
    }

    /**
     * Whether slots are kept in the store. Without a cluster (standalone mode) no pod can be seen
     * to go, so none is kept: a pod gets its fixed slot, and every pod of a Deployment slot 0.
     */
    public boolean kept() {
        return pods.available();
    }

    /**
     * Takes a slot for the admission (or finds the one it took already): the slot, a refusal when
     * live pods hold it (or every slot), or the store being unavailable.
     */
    public CompletionStage<Outcome<Integer>> acquire(SlotRequest request) {
        return slot(request, false);
    }

    /** The slot the admission would get, read-only (a dry run). */
    public CompletionStage<Outcome<Integer>> preview(SlotRequest request) {
        return slot(request, true);
    }

    private CompletionStage<Outcome<Integer>> slot(SlotRequest request, boolean dryRun) {
        if (!pods.available()) {
            return CompletableFuture.completedFuture(
                    Outcome.done(request.fixed().orElse(0)));
        }
        return Outcome.fromStore(store.occupants(request.workload()), Outcome::done)
                .thenCompose(read -> read.thenAsync(occupants -> new Attempt(request, dryRun).next(occupants)));
    }

    /** Gives up the slot an admission took (the admission failed later); best effort, a sweep catches the rest. */
    public void abandon(SlotRequest request, int slot) {
        if (!pods.available()) {
            return;
        }
        store.occupants(request.workload())
                .thenCompose(read -> read.stream()
                        .filter(o -> o.slot() == slot && o.occupant().token().equals(request.token()))
                        .findFirst()
                        .map(store::vacate)
                        .orElse(CompletableFuture.completedFuture(false)))
                .whenComplete((vacated, error) -> {
                    if (error != null) {
                        LOG.warn(
                                "could not give back slot {} of {} after a failed admission uid={} error=\"{}\"",
                                slot,
                                LogValue.of(request.workload()),
                                LogValue.of(request.token()),
                                LogValue.of(error.getMessage()));
                    }
                });
    }

    /**
     * Whether the admission {@code token} is over: a pod carrying it as its claim exists or existed (as far as
     * the pod view shows; never in standalone mode).
     */
    public boolean claimedByAPod(String namespace, String token) {
        return pods.available() && pods.claimed(namespace, token);
    }

    /** Slot takes lost to another admission (of this replica's view or another replica) since start. */
    public long lostRaces() {
        return lostRaces.sum();
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** One admission's way to a slot: choose, take, and on a lost race or an unknown pod, again. */
    private final class Attempt {
        private final SlotRequest request;
        private final boolean dryRun;
        private final Map<String, Liveness> checked = new HashMap<>();
        private int attempts;

        Attempt(SlotRequest request, boolean dryRun) {
            this.request = request;
            this.dryRun = dryRun;
        }

        CompletionStage<Outcome<Integer>> next(List<StoredOccupant> occupants) {
            SlotChoice choice = choose(occupants);
            return switch (choice) {
                case SlotChoice.Reuse reuse -> done(Outcome.done(reuse.slot()));
                case SlotChoice.Take take when dryRun -> done(Outcome.done(take.slot()));
                case SlotChoice.Take take -> take(take);
                case SlotChoice.Check check -> check(check.occupant()).thenCompose(ignored -> next(occupants));
                case SlotChoice.Occupied occupied ->
                    done(Outcome.refused("slot " + occupied.slot() + " of " + request.workload() + " is held by live "
                            + occupied.holder() + "; it is given to a new pod once that one is deleted"));
                case SlotChoice.Exhausted exhausted ->
                    done(Outcome.refused("all " + exhausted.bound() + " address slot(s) of " + request.workload()
                            + " are in use by live pods"));
            };
        }

        private SlotChoice choose(List<StoredOccupant> occupants) {
            Set<Integer> liveSlots = pods.slotsInUse(request.workload());
            synchronized (inFlight) {
                Set<Integer> mine = inFlight.getOrDefault(request.workload(), Set.of());
                SlotQuery query = request.fixed().isPresent()
                        ? SlotQuery.fixed(request.token(), request.fixed().getAsInt(), liveSlots, request.podName())
                        : SlotQuery.upTo(request.token(), bound(), liveSlots, mine);
                SlotChoice choice = SlotChooser.choose(
                        query, occupants, o -> checked.getOrDefault(o.token(), pods.liveness(request.workload(), o)));
                if (choice instanceof SlotChoice.Take take && !dryRun) {
                    inFlight.computeIfAbsent(request.workload(), w -> new HashSet<>())
                            .add(take.slot());
                }
                return choice;
            }
        }

        private int bound() {
            return Math.max(
                    1,
                    Math.min(request.limit(), pods.replicas(request.workload()).orElse(request.limit())));
        }

        private CompletionStage<Outcome<Integer>> take(SlotChoice.Take take) {
            Occupant occupant = Occupant.pending(
                    request.token(), request.podName(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
            return Outcome.fromStore(
                            store.occupy(request.workload(), take.slot(), occupant, take.expectedRevision())
                                    .whenComplete((result, error) -> finished(take.slot())),
                            Outcome::done)
                    .thenCompose(occupied -> occupied.thenAsync(result -> switch (result) {
                        case OccupyResult.Taken taken -> {
                            take.replaced()
                                    .ifPresent(old -> LOG.info(
                                            "slot {} of {} taken over from gone {} uid={}",
                                            take.slot(),
                                            LogValue.of(request.workload()),
                                            LogValue.of(old.occupant().describe()),
                                            LogValue.of(request.token())));
                            yield done(Outcome.done(take.slot()));
                        }
                        case OccupyResult.Lost lost -> lostRace(lost);
                    }));
        }

        private CompletionStage<Outcome<Integer>> lostRace(OccupyResult.Lost lost) {
            attempts++;
            lostRaces.increment();
            if (attempts >= MAX_ATTEMPTS) {
                return done(Outcome.unavailable("the slots of " + request.workload() + " changed under " + attempts
                        + " attempts in a row; nothing was taken, try again"));
            }
            return next(lost.current());
        }

        private CompletionStage<Void> check(StoredOccupant occupant) {
            Liveness answer = checked.size() >= MAX_CHECKS ? Liveness.LIVE : null;
            if (answer != null) {
                checked.put(occupant.occupant().token(), answer);
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.supplyAsync(() -> live.check(request.workload(), occupant.occupant()), blocking)
                    .thenAccept(l -> checked.put(occupant.occupant().token(), l));
        }

        private void finished(int slot) {
            synchronized (inFlight) {
                Set<Integer> mine = inFlight.get(request.workload());
                if (mine != null && mine.remove(slot) && mine.isEmpty()) {
                    inFlight.remove(request.workload());
                }
            }
        }
    }
}
