package io.stickyip.core.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A resolver option, as in a pod's {@code spec.dnsConfig.options}: {@code ndots} {@code 2}, {@code edns0}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DnsOption {
    @JsonPropertyDescription("Option name, e.g. ndots, timeout, edns0.")
    private String name;

    @JsonPropertyDescription("Option value, if the option takes one, e.g. 2.")
    private String value;

    public DnsOption() {}

    public DnsOption(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }
}
