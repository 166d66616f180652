package io.stickyip.store.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.workload.WorkloadRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlotValueTest {

    private static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");
    private static final ByteSequence KEY = bytes("/stickyip/v1/workloads/shop/statefulset/db/slots/0");

    @Test
    void readsTheDocumentedJson() {
        ByteSequence json = bytes(
                "{\"pool\":\"public-eu\",\"addresses\":[\"203.0.113.7\",\"2001:db8::7\"],\"createdAt\":\"2026-05-01T10:00:00Z\"}");

        assertThat(SlotValue.read(DB, 0, KEY, json))
                .isEqualTo(new Reservation(
                        DB,
                        0,
                        "public-eu",
                        List.of("203.0.113.7", "2001:db8::7"),
                        Instant.parse("2026-05-01T10:00:00Z")));
    }

    @Test
    void writesWhatItReads() {
        Reservation reservation =
                new Reservation(DB, 4, "", List.of("10.0.0.1"), Instant.parse("2026-05-01T10:00:00.123Z"));

        ByteSequence written = SlotValue.of(reservation).toBytes();

        assertThat(written.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"pool\":\"\",\"addresses\":[\"10.0.0.1\"],\"createdAt\":\"2026-05-01T10:00:00.123Z\"}");
        assertThat(SlotValue.read(DB, 4, KEY, written)).isEqualTo(reservation);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "{\"pool\":\"p\",\"addresses\":[\"10.0.0.1\"]}",
                "{\"pool\":\"p\",\"addresses\":[],\"createdAt\":\"2026-05-01T10:00:00Z\"}",
                "{\"pool\":\"p\",\"addresses\":[\"10.0.0.1\"],\"createdAt\":\"yesterday\"}"
            })
    void saysWhichKeyIsCorrupt(String json) {
        assertThatThrownBy(() -> SlotValue.read(DB, 0, KEY, bytes(json)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "etcd key /stickyip/v1/workloads/shop/statefulset/db/slots/0 does not hold a slot reservation");
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
