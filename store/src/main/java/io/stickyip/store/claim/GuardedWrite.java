package io.stickyip.store.claim;

import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import java.util.List;
import java.util.Set;

/**
 * One claim's write as etcd gets it: {@code If guards Then then Else otherwise}, alone or as one
 * nested transaction of a batch ({@link ClaimBatcher}). The footprint names every key it
 * compares, reads or puts (docs/reservations.md, "Group commit").
 */
record GuardedWrite(List<Cmp> guards, List<Op> then, List<Op> otherwise, Set<String> footprint)
        implements GroupCommit.Member {

    GuardedWrite {
        guards = List.copyOf(guards);
        then = List.copyOf(then);
        otherwise = List.copyOf(otherwise);
        footprint = Set.copyOf(footprint);
    }

    @Override
    public int ops() {
        return Math.max(guards.size(), Math.max(then.size(), otherwise.size()));
    }

    Op asNested() {
        return Op.txn(guards.toArray(Cmp[]::new), then.toArray(Op[]::new), otherwise.toArray(Op[]::new));
    }

    /** Whether the guards held (and the Then branch was applied), and the Else branch's reads if not. */
    record Outcome(boolean succeeded, List<GetResponse> reads) {}
}
