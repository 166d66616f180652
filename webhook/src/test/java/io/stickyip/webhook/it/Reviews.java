package io.stickyip.webhook.it;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds AdmissionReview v1 requests and reads responses, as the API server sends and reads them. */
public final class Reviews {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private Reviews() {}

    /** A bare pod named {@code name}. */
    public static String barePod(String namespace, String name, Map<String, String> annotations) {
        return review(pod(namespace, name, null, annotations, null), namespace, name, "", "v1", "Pod", false);
    }

    /** A bare pod created with generateName (no name at admission), as {@code kubectl create} of a Job-less pod template does. */
    public static String generatedBarePod(String namespace, String generateName, Map<String, String> annotations) {
        return review(pod(namespace, null, generateName, annotations, null), namespace, "", "", "v1", "Pod", false);
    }

    /** A pod of a Deployment's ReplicaSet, created with generateName (no name at admission). */
    public static String deploymentPod(
            String namespace, String deployment, Map<String, String> annotations, boolean dryRun) {
        String hash = "5d8f7c9b6";
        ObjectNode pod = pod(
                namespace,
                null,
                deployment + "-" + hash + "-",
                annotations,
                owner("ReplicaSet", deployment + "-" + hash));
        ((ObjectNode) pod.get("metadata"))
                .putObject("labels")
                .put("pod-template-hash", hash)
                .put("app", deployment);
        return review(pod, namespace, "", "", "v1", "Pod", dryRun);
    }

    /** The pod of a StatefulSet with the given ordinal. */
    public static String statefulSetPod(String namespace, String sts, int ordinal, Map<String, String> annotations) {
        ObjectNode pod = pod(namespace, sts + "-" + ordinal, null, annotations, owner("StatefulSet", sts));
        ((ObjectNode) pod.get("metadata"))
                .putObject("labels")
                .put("apps.kubernetes.io/pod-index", Integer.toString(ordinal));
        return review(pod, namespace, sts + "-" + ordinal, "", "v1", "Pod", false);
    }

    /**
     * The review the API server sends next for the same pod: {@code patch} applied to the object, a new
     * request uid (as every call of a webhook gets, a reinvocation too), in {@code namespace}.
     */
    public static String again(String body, JsonNode patch, String namespace) {
        ObjectNode root = (ObjectNode) JSON.readTree(body);
        ObjectNode req = (ObjectNode) root.get("request");
        ObjectNode object = (ObjectNode) io.fabric8.zjsonpatch.JsonPatch.apply(patch, req.get("object"));
        ((ObjectNode) object.get("metadata")).put("namespace", namespace);
        req.set("object", object);
        req.put("uid", UUID.randomUUID().toString());
        req.put("namespace", namespace);
        return JSON.writeValueAsString(root);
    }

    /** The request uid of a review. */
    public static String uid(String body) {
        return JSON.readTree(body).path("request").path("uid").asString();
    }

    public static String object(String group, String version, String kind, String namespace, String yamlOrJson) {
        JsonNode object = JSON.readTree(yamlOrJson);
        return review(
                (ObjectNode) object,
                namespace,
                object.path("metadata").path("name").asString(""),
                group,
                version,
                kind,
                false);
    }

    static ObjectNode pod(
            String namespace, String name, String generateName, Map<String, String> annotations, ObjectNode owner) {
        ObjectNode pod = JSON.createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        if (name != null) {
            meta.put("name", name);
        }
        if (generateName != null) {
            meta.put("generateName", generateName);
        }
        meta.put("namespace", namespace);
        ObjectNode ann = meta.putObject("annotations");
        annotations.forEach(ann::put);
        if (owner != null) {
            meta.putArray("ownerReferences").add(owner);
        }
        ObjectNode spec = pod.putObject("spec");
        ObjectNode c = spec.putArray("containers").addObject();
        c.put("name", "app");
        c.put("image", "registry.example/app:1");
        c.putObject("resources").putObject("requests").put("cpu", "100m");
        return pod;
    }

    static ObjectNode owner(String kind, String name) {
        ObjectNode o = JSON.createObjectNode();
        o.put("apiVersion", "apps/v1");
        o.put("kind", kind);
        o.put("name", name);
        o.put("uid", UUID.randomUUID().toString());
        o.put("controller", true);
        o.put("blockOwnerDeletion", true);
        return o;
    }

    static String review(
            ObjectNode object,
            String namespace,
            String name,
            String group,
            String version,
            String kind,
            boolean dryRun) {
        ObjectNode root = JSON.createObjectNode();
        root.put("apiVersion", "admission.k8s.io/v1");
        root.put("kind", "AdmissionReview");
        ObjectNode req = root.putObject("request");
        req.put("uid", UUID.randomUUID().toString());
        req.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        req.putObject("resource").put("group", group).put("version", version).put("resource", kind.toLowerCase() + "s");
        req.put("namespace", namespace);
        req.put("name", name);
        req.put("operation", "CREATE");
        req.put("dryRun", dryRun);
        req.set("object", object);
        return JSON.writeValueAsString(root);
    }

    /** The response of a review. */
    public record Answer(boolean allowed, int code, String message, JsonNode patch, JsonNode warnings) {
        /** The value the patch sets at a JSON pointer path, or null. */
        public String patched(String path) {
            if (patch == null) {
                return null;
            }
            for (JsonNode op : patch) {
                if (op.path("path").asString("").equals(path)) {
                    JsonNode v = op.get("value");
                    return v == null ? null : v.isString() ? v.asString() : v.toString();
                }
            }
            return null;
        }

        public String reservedIp() {
            return patched("/metadata/annotations/stickyip.io~1reserved-ip");
        }
    }

    public static Answer answer(String body) {
        JsonNode response = JSON.readTree(body).path("response");
        String p = response.path("patch").asString(null);
        JsonNode patch = p == null ? null : JSON.readTree(Base64.getDecoder().decode(p));
        return new Answer(
                response.path("allowed").asBoolean(false),
                response.path("status").path("code").asInt(0),
                response.path("status").path("message").asString(""),
                patch,
                response.get("warnings"));
    }

    public static ArrayNode emptyArray() {
        return JSON.createArrayNode();
    }
}
