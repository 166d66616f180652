package io.stickyip.store.nodes;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON value of a node address key: {@code {"pool":"kubeip","node":"ip-10-0-1-7",
 * "publicIp":"198.51.100.7","since":"2026-05-01T10:00:00Z"}}. The allocation ID is in the key.
 */
record NodeAddressValue(String pool, String node, String publicIp, String since) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    ByteSequence toBytes() {
        return ByteSequence.from(JSON.writeValueAsBytes(this));
    }

    static NodeAddressReservation read(String allocationId, ByteSequence key, ByteSequence value) {
        NodeAddressValue parsed;
        try {
            parsed = JSON.readValue(value.getBytes(), NodeAddressValue.class);
        } catch (JacksonException e) {
            throw corrupt(key, e.getOriginalMessage(), e);
        }
        if (parsed.pool() == null || parsed.node() == null || parsed.publicIp() == null) {
            throw corrupt(key, "pool, node and publicIp are required", null);
        }
        return new NodeAddressReservation(parsed.pool(), parsed.node(), allocationId, parsed.publicIp());
    }

    private static IllegalStateException corrupt(ByteSequence key, String reason, Exception cause) {
        return new IllegalStateException(
                "etcd key " + key.toString(StandardCharsets.UTF_8) + " does not hold a node address: " + reason, cause);
    }
}
