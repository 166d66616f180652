package io.stickyip.store.keys;

import io.etcd.jetcd.ByteSequence;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.workload.WorkloadRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON value of a slot key: {@code {"pool":"public-eu","addresses":["203.0.113.7"],
 * "createdAt":"2026-05-01T10:00:00Z"}}. The owner and the slot number are in the key.
 */
public record SlotValue(String pool, List<String> addresses, String createdAt) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Jackson's first use loads and introspects for about a second; the store pays that when it
     * is built, not inside the first claim's timeout.
     */
    public static void warmUp() {
        WorkloadRef sample = new WorkloadRef("warm", "pod", "up");
        ByteSequence key = ByteSequence.from("warm-up", StandardCharsets.UTF_8);
        read(
                sample,
                0,
                key,
                of(new Reservation(sample, 0, "", List.of("192.0.2.1"), Instant.EPOCH))
                        .toBytes());
    }

    public static SlotValue of(Reservation reservation) {
        return new SlotValue(
                reservation.pool(),
                reservation.addresses(),
                reservation.createdAt().toString());
    }

    public ByteSequence toBytes() {
        return ByteSequence.from(JSON.writeValueAsBytes(this));
    }

    public static Reservation read(WorkloadRef workload, int slot, ByteSequence key, ByteSequence value) {
        SlotValue parsed;
        try {
            parsed = JSON.readValue(value.getBytes(), SlotValue.class);
        } catch (JacksonException e) {
            throw corrupt(key, e.getOriginalMessage(), e);
        }
        if (parsed.pool() == null || parsed.addresses() == null || parsed.createdAt() == null) {
            throw corrupt(key, "pool, addresses and createdAt are required", null);
        }
        try {
            return new Reservation(
                    workload, slot, parsed.pool(), parsed.addresses(), Instant.parse(parsed.createdAt()));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw corrupt(key, e.getMessage(), e);
        }
    }

    private static IllegalStateException corrupt(ByteSequence key, String reason, Exception cause) {
        return new IllegalStateException(
                "etcd key " + key.toString(StandardCharsets.UTF_8) + " does not hold a slot reservation: " + reason,
                cause);
    }
}
