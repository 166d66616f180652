package io.stickyip.chart;

import java.nio.file.Path;
import java.util.List;

/** The value sets the lint and snapshot tests render: src/test/resources/values/NAME.yaml. */
final class ValueSets {
    static final List<String> NAMES = List.of("default", "dedicated-scheduler", "managed-aws", "external-etcd");

    private ValueSets() {}

    static Path file(String name) {
        return Helm.resources().resolve("values").resolve(name + ".yaml");
    }

    static Path snapshot(String name) {
        return Helm.resources().resolve("snapshots").resolve(name + ".yaml");
    }
}
