package io.stickyip.core.workload;

import java.util.OptionalInt;

/**
 * The workload a pod belongs to, and its slot when the workload fixes it (a StatefulSet's ordinal).
 *
 * @param workload  the owning workload
 * @param fixedSlot the slot the pod must use, if the workload determines it
 */
public record ResolvedWorkload(WorkloadRef workload, OptionalInt fixedSlot) {}
