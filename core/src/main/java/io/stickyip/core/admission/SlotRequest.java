package io.stickyip.core.admission;

import io.stickyip.core.workload.WorkloadRef;
import java.util.OptionalInt;

/**
 * The slot an admission asks for.
 *
 * @param workload the pod's workload
 * @param token    the claim token: the admission's uid
 * @param podName  the pod's name, {@code ""} for a generateName pod
 * @param fixed    the slot the workload fixes (StatefulSet ordinal, bare pod), if any
 * @param limit    otherwise the most slots the workload may have (an explicit list's size)
 */
public record SlotRequest(WorkloadRef workload, String token, String podName, OptionalInt fixed, int limit) {}
