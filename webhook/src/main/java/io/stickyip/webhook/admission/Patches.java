package io.stickyip.webhook.admission;

import io.stickyip.core.admission.PodEdit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the mutator's {@link PodEdit}s into an RFC 6902 JSON Patch against the pod as received
 * (the API server applies it to that object, fields the model classes do not know included). No
 * model round trip and no diff: each edit becomes one {@code add} or {@code remove} at its field,
 * with RFC 6901 escaping of keys ({@code stickyip.io/ip} is {@code stickyip.io~1ip}); a missing
 * (or null) parent is added whole, with what the later edits put into it (one {@code add} of
 * {@code limits: {"stickyip.io/ip": "1"}}, not an empty object and then its member); a readiness
 * gate is appended with {@code /-}.
 */
public final class Patches {
    private final JsonNode received;
    private final ArrayNode ops;
    /** The objects and arrays this patch adds, by pointer: later edits go into these values, not into new ops. */
    private final Map<String, JsonNode> added = new HashMap<>();

    private Patches(JsonNode received, JsonNodeFactory nodes) {
        this.received = received;
        this.ops = nodes.arrayNode();
    }

    /** The patch that makes {@code received} carry {@code edits}; empty when there are none. */
    public static ArrayNode of(JsonNode received, List<PodEdit> edits, JsonNodeFactory nodes) {
        Patches patch = new Patches(received, nodes);
        edits.forEach(patch::write);
        return patch.ops;
    }

    private void write(PodEdit edit) {
        switch (edit) {
            case PodEdit.SetAnnotation a -> put("/metadata/annotations", a.key(), text(a.value()));
            case PodEdit.RemoveAnnotation r -> remove("/metadata/annotations", r.key());
            case PodEdit.SetLabel l -> put("/metadata/labels", l.key(), text(l.value()));
            case PodEdit.AddReadinessGate g -> append("/spec/readinessGates", object().put("conditionType", g.conditionType()));
            case PodEdit.SetResource r -> put("/spec/containers/" + r.container() + "/resources/" + r.which().field(),
                    r.name(), text(r.quantity()));
            case PodEdit.SetSchedulerName s -> put("/spec", "schedulerName", text(s.name()));
            case PodEdit.SetDnsPolicy p -> put("/spec", "dnsPolicy", text(p.policy()));
            case PodEdit.SetDnsList l -> {
                ArrayNode values = ops.arrayNode();
                l.values().forEach(values::add);
                putOrRemove("/spec/dnsConfig", l.which().field(), values);
            }
            case PodEdit.SetDnsOptions o -> {
                ArrayNode values = ops.arrayNode();
                o.options().forEach(opt -> values.add(option(opt)));
                putOrRemove("/spec/dnsConfig", "options", values);
            }
        }
    }

    private ObjectNode option(PodEdit.DnsOption option) {
        ObjectNode node = object();
        if (option.name() != null) {
            node.put("name", option.name());
        }
        if (option.value() != null) {
            node.put("value", option.value());
        }
        return node;
    }

    /** An empty list is no list: the field goes, as the model writes no empty list. */
    private void putOrRemove(String parent, String key, ArrayNode values) {
        if (values.isEmpty()) {
            remove(parent, key);
        } else {
            put(parent, key, values);
        }
    }

    /** {@code add} sets a member whether or not it exists (RFC 6902 4.1). */
    private void put(String parent, String key, JsonNode value) {
        ObjectNode made = object(parent);
        if (made != null) {
            made.set(key, value);
        } else {
            op("add", parent + "/" + escape(key)).set("value", value);
        }
    }

    private void remove(String parent, String key) {
        String path = parent + "/" + escape(key);
        if (!added.containsKey(parent) && present(path)) {
            op("remove", path);
        }
    }

    private void append(String array, JsonNode value) {
        if (added.get(array) instanceof ArrayNode made) {
            made.add(value);
        } else if (received.at(array).isArray()) {
            op("add", array + "/-").set("value", value);
        } else {
            ArrayNode made = ops.arrayNode().add(value);
            add(array, made);
        }
    }

    /**
     * The object at {@code pointer}: {@code null} when the received pod has it (edits become ops of
     * their own), else the value this patch adds there (made now, in its parent, when missing).
     */
    private ObjectNode object(String pointer) {
        if (added.get(pointer) instanceof ObjectNode made) {
            return made;
        }
        if (pointer.isEmpty() || received.at(pointer).isObject()) {
            return null;
        }
        ObjectNode made = object();
        add(pointer, made);
        return made;
    }

    /** {@code value} added at {@code pointer}: into a parent this patch adds, or as an op of its own. */
    private void add(String pointer, JsonNode value) {
        String parent = parent(pointer);
        ObjectNode into = object(parent);
        if (into != null) {
            into.set(unescape(pointer.substring(parent.length() + 1)), value);
        } else {
            op("add", pointer).set("value", value);
        }
        added.put(pointer, value);
    }

    private boolean present(String pointer) {
        return !received.at(pointer).isMissingNode();
    }

    private ObjectNode op(String op, String path) {
        ObjectNode node = ops.addObject();
        node.put("op", op);
        node.put("path", path);
        return node;
    }

    private ObjectNode object() {
        return ops.objectNode();
    }

    private JsonNode text(String s) {
        return ops.stringNode(s);
    }

    private static String parent(String pointer) {
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    /** RFC 6901: {@code ~} first, then {@code /}. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** RFC 6901: {@code ~1} first, then {@code ~0}. */
    static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
