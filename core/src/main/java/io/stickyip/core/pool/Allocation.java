package io.stickyip.core.pool;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Which addresses of one pool are taken, and a fast choice of free ones. Pools up to
 * {@link #BITMAP_LIMIT} addresses use a bitmap: a choice is a word-wise scan from a random start
 * (a /16 at 99 % costs at most 1024 word reads, not 65536 probes). Larger pools (IPv6) are sparse:
 * random probes against a hash set. Not thread-safe; callers serialize.
 */
public final class Allocation {
    public static final long BITMAP_LIMIT = 1L << 24;
    private static final int SPARSE_PROBES = 256;

    private final AddressSpace space;
    private final BitSet bitmap;
    private final Set<Long> sparse;
    private long taken;

    public Allocation(AddressSpace space) {
        this.space = space;
        boolean small = space.size() <= BITMAP_LIMIT;
        this.bitmap = small ? new BitSet((int) space.size()) : null;
        this.sparse = small ? null : new HashSet<>();
    }

    public AddressSpace space() {
        return space;
    }

    /** Marks an address taken; returns false if it is not in the pool or already taken. */
    public boolean markTaken(IPAddress address) {
        return space.indexOf(address).map(this::setTaken).orElse(false);
    }

    /** Marks an address free again; returns false if it was not taken. */
    public boolean markFree(IPAddress address) {
        return space.indexOf(address).map(this::setFree).orElse(false);
    }

    public boolean isTaken(IPAddress address) {
        return space.indexOf(address).map(this::isTaken).orElse(false);
    }

    public long takenCount() {
        return taken;
    }

    public long freeCount() {
        return space.size() - taken;
    }

    /**
     * Up to {@code count} free addresses, not marked taken here (the store decides), starting at a
     * random place so concurrent webhook replicas rarely pick the same one. Fewer are returned
     * only if the pool has fewer free.
     */
    public List<IPAddress> pick(int count, RandomGenerator random) {
        List<IPAddress> out = new ArrayList<>(count);
        if (space.size() == 0 || freeCount() == 0) {
            return out;
        }
        return bitmap != null ? pickDense(count, random, out) : pickSparse(count, random, out);
    }

    private List<IPAddress> pickDense(int count, RandomGenerator random, List<IPAddress> out) {
        int size = (int) space.size();
        int start = random.nextInt(size);
        int i = bitmap.nextClearBit(start);
        boolean wrapped = false;
        while (out.size() < count) {
            if (i >= size) {
                if (wrapped) {
                    break;
                }
                wrapped = true;
                i = bitmap.nextClearBit(0);
                continue;
            }
            if (wrapped && i >= start) {
                break;
            }
            out.add(space.at(i));
            i = bitmap.nextClearBit(i + 1);
        }
        return out;
    }

    private List<IPAddress> pickSparse(int count, RandomGenerator random, List<IPAddress> out) {
        Set<Long> chosen = new HashSet<>();
        for (int probe = 0; probe < SPARSE_PROBES * count && out.size() < count; probe++) {
            long index = random.nextLong(space.size());
            if (!sparse.contains(index) && chosen.add(index)) {
                out.add(space.at(index));
            }
        }
        return out;
    }

    private boolean setTaken(long index) {
        boolean changed;
        if (bitmap != null) {
            changed = !bitmap.get((int) index);
            bitmap.set((int) index);
        } else {
            changed = sparse.add(index);
        }
        if (changed) {
            taken++;
        }
        return changed;
    }

    private boolean setFree(long index) {
        boolean changed;
        if (bitmap != null) {
            changed = bitmap.get((int) index);
            bitmap.clear((int) index);
        } else {
            changed = sparse.remove(index);
        }
        if (changed) {
            taken--;
        }
        return changed;
    }

    private boolean isTaken(long index) {
        return bitmap != null ? bitmap.get((int) index) : sparse.contains(index);
    }
}
