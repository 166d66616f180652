package io.stickyip.core.reservation;

/**
 * A reservation as read from the store, with the store revision of its workload's last claim,
 * so a release can be fenced: it only deletes what was read (compare-and-delete).
 *
 * @param reservation      the slot's reservation
 * @param workloadRevision revision at which the workload last claimed anything; shared by all its slots
 */
public record StoredReservation(Reservation reservation, long workloadRevision) {}
