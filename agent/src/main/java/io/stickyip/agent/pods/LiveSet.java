package io.stickyip.agent.pods;

import io.stickyip.agent.cri.PodRef;
import io.stickyip.core.plumbing.PlumbingRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What this agent process made live, by pod UID (never by name: a recreated pod is another pod), and which
 * pods it is working on now. Its monitor also orders the sweep's release of orphaned claims against pods that
 * start plumbing (a claim must never be released under a pod that is about to go live).
 */
public final class LiveSet {

    /** A pod whose addresses are live: the request that made them (DEL replays it), read back at {@code checkedAt}. */
    public record Entry(PodRef pod, PlumbingRequest request, List<String> addresses, Instant checkedAt) {
        public Entry {
            addresses = List.copyOf(addresses);
        }

        Entry checked(Instant at) {
            return new Entry(pod, request, addresses, at);
        }
    }

    private final Map<String, Entry> live = new HashMap<>();
    private final Map<String, Entry> fenced = new HashMap<>();
    private final Map<String, List<String>> busy = new HashMap<>();
    private final Set<String> cleaned = new HashSet<>();

    public synchronized Optional<Entry> get(String uid) {
        return Optional.ofNullable(live.get(uid));
    }

    public synchronized void put(String uid, Entry entry) {
        live.put(uid, entry);
        fenced.remove(uid);
    }

    public synchronized void checked(String uid, Instant at) {
        live.computeIfPresent(uid, (k, e) -> e.checked(at));
    }

    public synchronized void remove(String uid) {
        live.remove(uid);
        fenced.remove(uid);
    }

    /** Self-fenced: no longer live, but remembered (its DEL is replayed and its claim released when the pod goes). */
    public synchronized void fenced(String uid) {
        Entry e = live.remove(uid);
        if (e != null) {
            fenced.put(uid, e);
        }
    }

    /** The live entry, or the one self-fencing took off the node. */
    public synchronized Optional<Entry> liveOrFenced(String uid) {
        return Optional.ofNullable(live.getOrDefault(uid, fenced.get(uid)));
    }

    /** The pod is being plumbed with these addresses (until {@link #idle}). */
    public synchronized void busy(String uid, List<String> addresses) {
        busy.put(uid, List.copyOf(addresses));
    }

    public synchronized void idle(String uid) {
        busy.remove(uid);
    }

    /** Another pod (live or being plumbed) that holds one of the addresses. */
    public synchronized Optional<String> otherHolder(String uid, List<String> addresses) {
        for (Map.Entry<String, Entry> e : live.entrySet()) {
            if (!e.getKey().equals(uid) && e.getValue().addresses().stream().anyMatch(addresses::contains)) {
                return Optional.of(e.getKey());
            }
        }
        for (Map.Entry<String, List<String>> e : busy.entrySet()) {
            if (!e.getKey().equals(uid) && e.getValue().stream().anyMatch(addresses::contains)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** Whether the pod is live or being worked on. */
    public synchronized boolean involves(String uid) {
        return live.containsKey(uid) || busy.containsKey(uid);
    }

    /** Every address live, being plumbed, or self-fenced and not released yet. */
    public synchronized Set<String> addresses() {
        Set<String> out = new HashSet<>();
        live.values().forEach(e -> out.addAll(e.addresses()));
        fenced.values().forEach(e -> out.addAll(e.addresses()));
        busy.values().forEach(out::addAll);
        return out;
    }

    public synchronized Map<String, Entry> all() {
        return Map.copyOf(live);
    }

    /** True the first time it is asked for a pod: its leftovers of an earlier process are cleaned once. */
    public synchronized boolean firstCleanup(String uid) {
        return cleaned.add(uid);
    }

    /** A gone pod is forgotten. */
    public synchronized void forget(String uid) {
        cleaned.remove(uid);
    }

    public synchronized int size() {
        return live.size();
    }
}
