package io.stickyip.extender.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON of the extender verbs. Reading is strict about what the verb needs (a pod, node names or
 * nodes) and lenient about fields it does not know (a newer scheduler may send more).
 */
public final class ExtenderJson {
    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /**
     * Reads a call's pod without its spec and status: the decisions read only the pod's metadata
     * (what the webhook wrote), and binding a whole pod model was a third of a call's JSON time.
     */
    private final JsonMapper callMapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(Pod.class, MetadataOnly.class)
            .build();

    @JsonIgnoreProperties(
            value = {"spec", "status"},
            allowSetters = false)
    private abstract static class MetadataOnly {}

    /**
     * Reads a filter or prioritize body, the pod's metadata only ({@link #mapper()} reads all of it);
     * {@link MalformedCallException} says what is wrong.
     */
    public ExtenderArgs readArgs(byte[] body) throws MalformedCallException {
        if (body == null || body.length == 0) {
            throw new MalformedCallException("the body is empty: ExtenderArgs expected");
        }
        ExtenderArgs args;
        try {
            args = callMapper.readValue(body, ExtenderArgs.class);
        } catch (JacksonException e) {
            throw new MalformedCallException("the body is not ExtenderArgs JSON: " + e.getOriginalMessage());
        }
        if (args == null) {
            throw new MalformedCallException("the body is JSON null: ExtenderArgs expected");
        }
        if (args.pod() == null) {
            throw new MalformedCallException("ExtenderArgs has no Pod");
        }
        if (args.pod().getMetadata() == null
                || args.pod().getMetadata().getName() == null
                || args.pod().getMetadata().getNamespace() == null) {
            throw new MalformedCallException("ExtenderArgs.Pod has no metadata.name and metadata.namespace");
        }
        if (args.nodeNames() == null && args.nodes() == null) {
            throw new MalformedCallException("ExtenderArgs has neither NodeNames nor Nodes");
        }
        if (args.nodeNames() != null && args.nodeNames().stream().anyMatch(Objects::isNull)) {
            throw new MalformedCallException("ExtenderArgs.NodeNames holds a null");
        }
        if (args.nodeNames() == null
                && args.nodes().getItems() != null
                && args.nodes().getItems().stream()
                        .anyMatch(n -> n == null
                                || n.getMetadata() == null
                                || n.getMetadata().getName() == null)) {
            throw new MalformedCallException("ExtenderArgs.Nodes holds a node without metadata.name");
        }
        return args;
    }

    public byte[] write(ExtenderFilterResult result) {
        return mapper.writeValueAsBytes(result);
    }

    public byte[] write(List<HostPriority> priorities) {
        return mapper.writeValueAsBytes(priorities);
    }

    /** For tests and tools: any wire type to and from JSON with the same settings. */
    public JsonMapper mapper() {
        return mapper;
    }
}
