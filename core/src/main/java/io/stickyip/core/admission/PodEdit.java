package io.stickyip.core.admission;

import java.util.List;
import java.util.Objects;

/**
 * One change the mutator makes to an admitted pod, as a value: the webhook turns a list of them
 * into JSON Patch operations against the pod as received. Each edit names the field and the value
 * it ends with; what is already so is never an edit ({@link PodMutator} leaves it out).
 */
public sealed interface PodEdit {

    /** {@code metadata.annotations[key] = value} (the map is made when the pod has none). */
    record SetAnnotation(String key, String value) implements PodEdit {
        public SetAnnotation {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code metadata.annotations[key]} removed (only emitted when the pod has it). */
    record RemoveAnnotation(String key) implements PodEdit {
        public RemoveAnnotation {
            Objects.requireNonNull(key, "key");
        }
    }

    /** {@code metadata.labels[key] = value} (the map is made when the pod has none). */
    record SetLabel(String key, String value) implements PodEdit {
        public SetLabel {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A readiness gate appended to {@code spec.readinessGates} (the list is made when the pod has none). */
    record AddReadinessGate(String conditionType) implements PodEdit {
        public AddReadinessGate {
            Objects.requireNonNull(conditionType, "conditionType");
        }
    }

    /** Which map of a container's {@code resources}. */
    enum Resources {
        REQUESTS("requests"),
        LIMITS("limits");

        private final String field;

        Resources(String field) {
            this.field = field;
        }

        /** The field's name in the pod's JSON. */
        public String field() {
            return field;
        }
    }

    /** {@code spec.containers[container].resources.<which>[name] = quantity} (missing maps are made). */
    record SetResource(int container, Resources which, String name, String quantity) implements PodEdit {
        public SetResource {
            if (container < 0) {
                throw new IllegalArgumentException("container index " + container + " is negative");
            }
            Objects.requireNonNull(which, "which");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(quantity, "quantity");
        }
    }

    /** {@code spec.schedulerName = name}. */
    record SetSchedulerName(String name) implements PodEdit {
        public SetSchedulerName {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code spec.dnsPolicy = policy}. */
    record SetDnsPolicy(String policy) implements PodEdit {
        public SetDnsPolicy {
            Objects.requireNonNull(policy, "policy");
        }
    }

    /** Which list of {@code spec.dnsConfig}. */
    enum DnsList {
        NAMESERVERS("nameservers"),
        SEARCHES("searches");

        private final String field;

        DnsList(String field) {
            this.field = field;
        }

        /** The field's name in the pod's JSON. */
        public String field() {
            return field;
        }
    }

    /** {@code spec.dnsConfig.<which> = values} ({@code dnsConfig} is made when the pod has none; empty: the field removed). */
    record SetDnsList(DnsList which, List<String> values) implements PodEdit {
        public SetDnsList {
            Objects.requireNonNull(which, "which");
            values = List.copyOf(values);
        }
    }

    /** {@code spec.dnsConfig.options = options} (empty: the field removed). */
    record SetDnsOptions(List<DnsOption> options) implements PodEdit {
        public SetDnsOptions {
            options = List.copyOf(options);
        }
    }

    /**
     * One resolver option; {@code value} is {@code null} for a flag such as {@code rotate}, {@code name}
     * only when the pod's own option had none (the API server refuses that pod later).
     */
    record DnsOption(String name, String value) {}
}
