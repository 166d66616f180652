package io.stickyip.core.cloud.aws;

import java.util.Map;

/** Test values. */
final class Eips {
    private Eips() {}

    static ElasticIp free(String id, String ip, Map<String, String> tags) {
        return new ElasticIp(id, ip, "vpc", "amazon", null, tags);
    }

    static ElasticIp at(String id, Binding b, Map<String, String> tags) {
        return new ElasticIp(
                id,
                "203.0.113.9",
                "vpc",
                "amazon",
                new ElasticIp.Association("eipassoc-1", b.networkInterfaceId(), b.privateIp(), "i-1", "123456789012"),
                tags);
    }
}
