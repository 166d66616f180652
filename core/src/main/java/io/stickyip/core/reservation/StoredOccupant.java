package io.stickyip.core.reservation;

import io.stickyip.core.workload.WorkloadRef;

/**
 * An occupant as read from the store, with the store revision its key was last written at: a
 * take-over or a release is guarded by that revision, so it acts only on what was read.
 *
 * @param workload the workload
 * @param slot     the slot
 * @param occupant who holds it
 * @param revision the key's last modification revision
 */
public record StoredOccupant(WorkloadRef workload, int slot, Occupant occupant, long revision) {}
