package io.stickyip.webhook.admission;

import tools.jackson.databind.JsonNode;

/**
 * The parts of an AdmissionReview v1 request that stickyip reads.
 *
 * @param uid       request uid, echoed in the response
 * @param group     {@code request.kind.group} ("" for core)
 * @param version   {@code request.kind.version}
 * @param kind      {@code request.kind.kind}
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param namespace request namespace ("" for cluster-scoped objects)
 * @param name      request name ("" for generateName objects)
 * @param dryRun    true: no side effects allowed
 * @param object    the object, as JSON
 */
public record ParsedReview(
        String uid,
        String group,
        String version,
        String kind,
        String operation,
        String namespace,
        String name,
        boolean dryRun,
        JsonNode object) {

    public String gvk() {
        return (group.isEmpty() ? "" : group + "/") + version + "/" + kind;
    }

    /** {@code namespace/name} for logs, with the object's generateName when the name is not known yet. */
    public String objectRef() {
        String n = name;
        if (n.isEmpty() && object != null) {
            n = object.path("metadata").path("generateName").asString("") + "*";
        }
        return namespace.isEmpty() ? n : namespace + "/" + n;
    }
}
