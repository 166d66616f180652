package io.stickyip.store.repair;

/**
 * What one start-up repair pass did.
 *
 * @param workloads         workloads read
 * @param duplicates        slots freed because they shared an address with a lower slot
 * @param heldKeysRewritten held keys made to name their slot (or none)
 * @param skipped           workloads not repaired because they claimed in between (looked at again at the next start)
 */
public record RepairReport(int workloads, int duplicates, int heldKeysRewritten, int skipped) {}
