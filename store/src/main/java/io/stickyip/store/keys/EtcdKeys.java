package io.stickyip.store.keys;

import io.etcd.jetcd.ByteSequence;
import io.stickyip.core.workload.WorkloadRef;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The key layout under one prefix ({@code /stickyip/v1/} by default); docs/reservations.md
 * explains why it makes duplicates impossible.
 * <pre>
 * PREFIX ips/ADDRESS                              = workload key (namespace/kind/name)
 * PREFIX workloads/NS/KIND/NAME/slots/SLOT        = {"pool":…,"addresses":[…],"createdAt":…}
 * PREFIX workloads/NS/KIND/NAME/held/ADDRESS      = "SLOT" the slot the address is bound to, or "" (held for
 *                                                  the workload's list, no slot yet): index of what it holds
 * PREFIX workloads/NS/KIND/NAME/meta              = time of the last claim; its mod_revision fences releases
 * PREFIX occupants/NS/KIND/NAME/SLOT              = {"token":…,"pod":…,"uid":…,"since":…} the slot's pod
 * PREFIX limits/POOL/NS                           = time of the last claim adding addresses of a limited POOL to
 *                                                  namespace NS; its mod_revision fences the count (ClaimLimits)
 * PREFIX node-addresses/eips/ALLOCATION_ID        = {"pool":…,"node":…,"publicIp":…,"since":…} a node's Elastic IP
 * PREFIX node-addresses/nodes/POOL/NODE           = ALLOCATION_ID: the node's address in that pool (one per node and pool)
 * </pre>
 */
public final class EtcdKeys {

    private static final String IPS = "ips/";
    private static final String WORKLOADS = "workloads/";
    private static final String OCCUPANTS = "occupants/";
    private static final String LIMITS = "limits/";
    private static final String NODE_EIPS = "node-addresses/eips/";
    private static final String NODE_INDEX = "node-addresses/nodes/";
    private static final String SLOTS = "slots";
    private static final String HELD = "held";
    private static final String META = "meta";

    private final String prefix;

    public EtcdKeys(String prefix) {
        this.prefix = prefix;
    }

    public ByteSequence ip(String address) {
        return bytes(prefix + IPS + checkedAddress(address));
    }

    public ByteSequence ips() {
        return bytes(prefix + IPS);
    }

    public ByteSequence workloads() {
        return bytes(prefix + WORKLOADS);
    }

    /** Everything of one workload; ends with '/' so {@code web} never matches {@code web2}. */
    public ByteSequence workload(WorkloadRef workload) {
        return bytes(workloadPath(workload));
    }

    /** Everything of one namespace's workloads; ends with '/' so {@code dev} never matches {@code dev2}. */
    public ByteSequence namespaceWorkloads(String namespace) {
        return bytes(prefix + WORKLOADS + checkedAddress(namespace) + "/");
    }

    /** The fence of a limited pool's count in one namespace. */
    public ByteSequence limitFence(String pool, String namespace) {
        return bytes(prefix + LIMITS + checkedAddress(pool) + "/" + checkedAddress(namespace));
    }

    public ByteSequence slot(WorkloadRef workload, int slot) {
        return bytes(workloadPath(workload) + SLOTS + "/" + slot);
    }

    public ByteSequence held(WorkloadRef workload, String address) {
        return bytes(workloadPath(workload) + HELD + "/" + checkedAddress(address));
    }

    public ByteSequence heldIndex(WorkloadRef workload) {
        return bytes(workloadPath(workload) + HELD + "/");
    }

    public ByteSequence meta(WorkloadRef workload) {
        return bytes(workloadPath(workload) + META);
    }

    public ByteSequence occupant(WorkloadRef workload, int slot) {
        return bytes(occupantsPath(workload) + slot);
    }

    /** Every occupant of one workload; ends with '/'. */
    public ByteSequence occupants(WorkloadRef workload) {
        return bytes(occupantsPath(workload));
    }

    public ByteSequence allOccupants() {
        return bytes(prefix + OCCUPANTS);
    }

    public ByteSequence nodeAddressEips() {
        return bytes(prefix + NODE_EIPS);
    }

    public ByteSequence nodeAddressEip(String allocationId) {
        return bytes(prefix + NODE_EIPS + checkedAddress(allocationId));
    }

    public ByteSequence nodeAddressNode(String pool, String node) {
        return bytes(prefix + NODE_INDEX + checkedAddress(pool) + "/" + checkedAddress(node));
    }

    /** The allocation ID of a key under {@link #nodeAddressEips()}. */
    public String nodeAddressAllocation(ByteSequence key) {
        return relative(key, prefix + NODE_EIPS);
    }

    /** The workload and slot of a key under {@link #allOccupants()}; empty for keys this version does not know. */
    public Optional<WorkloadKey.Slot> parseOccupantKey(ByteSequence key) {
        String[] parts = relative(key, prefix + OCCUPANTS).split("/", -1);
        if (parts.length != 4 || !parts[3].matches("\\d{1,9}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new WorkloadKey.Slot(new WorkloadRef(parts[0], parts[1], parts[2]), Integer.parseInt(parts[3])));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /** The value of a held key: the slot the address is bound to. */
    public static ByteSequence bound(int slot) {
        return bytes(Integer.toString(slot));
    }

    /** The value of a held key for an address held for the workload but not bound to a slot. */
    public static final ByteSequence UNBOUND = ByteSequence.EMPTY;

    /** The slot a held key's value binds its address to; empty when unbound. */
    public static OptionalInt binding(ByteSequence heldValue) {
        String text = heldValue.toString(StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        if (!text.matches("\\d{1,9}")) {
            throw new IllegalStateException("a held key holds '" + text + "', not a slot number");
        }
        return OptionalInt.of(Integer.parseInt(text));
    }

    /** The value of an ip key: the holder's {@link WorkloadRef#key()}, exact bytes, so a Txn compares by value. */
    public static ByteSequence holderValue(WorkloadRef workload) {
        return bytes(workload.key());
    }

    public static WorkloadRef holder(ByteSequence value) {
        return WorkloadRef.parse(value.toString(StandardCharsets.UTF_8));
    }

    /** The address of a key under {@link #ips()}. */
    public String address(ByteSequence ipKey) {
        return relative(ipKey, prefix + IPS);
    }

    /** What a key under {@link #workloads()} is; empty for keys this version does not know. */
    public Optional<WorkloadKey> parseWorkloadKey(ByteSequence key) {
        String[] parts = relative(key, prefix + WORKLOADS).split("/", -1);
        if (parts.length < 4) {
            return Optional.empty();
        }
        WorkloadRef workload;
        try {
            workload = new WorkloadRef(parts[0], parts[1], parts[2]);
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
        if (parts.length == 4 && parts[3].equals(META)) {
            return Optional.of(new WorkloadKey.Meta(workload));
        }
        if (parts.length == 5 && parts[3].equals(HELD)) {
            return Optional.of(new WorkloadKey.Held(workload, parts[4]));
        }
        if (parts.length == 5 && parts[3].equals(SLOTS) && parts[4].matches("\\d{1,9}")) {
            return Optional.of(new WorkloadKey.Slot(workload, Integer.parseInt(parts[4])));
        }
        return Optional.empty();
    }

    /** A parsed key under {@code workloads/}. */
    public sealed interface WorkloadKey {
        WorkloadRef workload();

        record Slot(WorkloadRef workload, int slot) implements WorkloadKey {}

        record Held(WorkloadRef workload, String address) implements WorkloadKey {}

        record Meta(WorkloadRef workload) implements WorkloadKey {}
    }

    public static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private String workloadPath(WorkloadRef workload) {
        return prefix + WORKLOADS + workload.key() + "/";
    }

    private String occupantsPath(WorkloadRef workload) {
        return prefix + OCCUPANTS + workload.key() + "/";
    }

    private static String relative(ByteSequence key, String under) {
        String text = key.toString(StandardCharsets.UTF_8);
        if (!text.startsWith(under)) {
            throw new IllegalArgumentException("key " + text + " is not under " + under);
        }
        return text.substring(under.length());
    }

    private static String checkedAddress(String address) {
        if (address.isEmpty() || address.contains("/")) {
            throw new IllegalArgumentException("not an address for an etcd key: '" + address + "'");
        }
        return address;
    }
}
