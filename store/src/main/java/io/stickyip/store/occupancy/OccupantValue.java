package io.stickyip.store.occupancy;

import io.etcd.jetcd.ByteSequence;
import io.stickyip.core.reservation.Occupant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON value of an occupant key: {@code {"token":"<admission uid>","pod":"web-0","uid":"<pod
 * uid or empty>","since":"2026-05-01T10:00:00Z"}}. The workload and the slot are in the key.
 */
record OccupantValue(String token, String pod, String uid, String since) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static OccupantValue of(Occupant occupant) {
        return new OccupantValue(
                occupant.token(),
                occupant.podName(),
                occupant.podUid(),
                occupant.since().toString());
    }

    ByteSequence toBytes() {
        return ByteSequence.from(JSON.writeValueAsBytes(this));
    }

    static Occupant read(ByteSequence key, ByteSequence value) {
        OccupantValue parsed;
        try {
            parsed = JSON.readValue(value.getBytes(), OccupantValue.class);
        } catch (JacksonException e) {
            throw corrupt(key, e.getOriginalMessage(), e);
        }
        if (parsed.token() == null || parsed.pod() == null || parsed.uid() == null || parsed.since() == null) {
            throw corrupt(key, "token, pod, uid and since are required", null);
        }
        try {
            return new Occupant(parsed.token(), parsed.pod(), parsed.uid(), Instant.parse(parsed.since()));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw corrupt(key, e.getMessage(), e);
        }
    }

    private static IllegalStateException corrupt(ByteSequence key, String reason, Exception cause) {
        return new IllegalStateException(
                "etcd key " + key.toString(StandardCharsets.UTF_8) + " does not hold a slot occupant: " + reason,
                cause);
    }
}
