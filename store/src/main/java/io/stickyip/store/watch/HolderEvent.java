package io.stickyip.store.watch;

import io.stickyip.core.workload.WorkloadRef;

/** One change of an {@code ips/} key as the watch saw it, with the revision it happened at. */
public sealed interface HolderEvent {
    String address();

    long revision();

    /** {@code ips/ADDRESS} was written: the address is held by {@code holder}. */
    record Held(String address, WorkloadRef holder, long revision) implements HolderEvent {}

    /** {@code ips/ADDRESS} was deleted: the address is free. */
    record Freed(String address, long revision) implements HolderEvent {}
}
