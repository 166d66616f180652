package io.stickyip.core.contract;

import static io.stickyip.core.contract.Annotations.CLAIM;
import static io.stickyip.core.contract.Annotations.GATEWAY;
import static io.stickyip.core.contract.Annotations.MANAGED_LABEL;
import static io.stickyip.core.contract.Annotations.PREFIX_LENGTH;
import static io.stickyip.core.contract.Annotations.RESERVED_IP;
import static io.stickyip.core.contract.Annotations.RESERVED_POOL;
import static io.stickyip.core.contract.Annotations.SEAL;
import static io.stickyip.core.contract.Annotations.SLOT;
import static io.stickyip.core.contract.Annotations.WORKLOAD;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The webhook's signature over what it wrote on a pod ({@value Annotations#SEAL}), which an agent checks
 * before it acts on the pod: a tenant can write any annotation, but not one this verifies.
 *
 * <p>Value: {@code v1.<key id>.<admission uid>.<signature>}, the key id as {@link SealKeys#keyId}, the
 * signature Ed25519, base64url without padding. Signed message, UTF-8:
 * {@code "stickyip-seal-v1\n" + namespace + "\n" + admission uid + "\n"}, then for each of
 * {@link #SIGNED}, in that order, its value (empty when absent) and {@code "\n"}. A value never holds a
 * newline (the webhook refuses to sign one, and one read back does not verify), so the message has one
 * reading. Pure.
 */
public final class ReservationSeal {
    public static final String VERSION = "v1";
    static final String CONTEXT = "stickyip-seal-v1";
    /** The annotations a seal covers, in the order they are signed. */
    public static final List<String> SIGNED =
            List.of(RESERVED_IP, RESERVED_POOL, WORKLOAD, SLOT, CLAIM, PREFIX_LENGTH, GATEWAY);

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    /** Kubernetes uids are UUIDs; tests use shorter tokens of the same characters. */
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

    private ReservationSeal() {}

    /** A seal, read and checked. */
    public sealed interface Verdict {
        /** Signed by a trusted key, over these annotations and this namespace, at the admission {@code admissionUid}. */
        record Valid(String admissionUid, String keyId) implements Verdict {}

        /** @param reason why not, for the pod's condition and a denial: names the annotation and the rule */
        record Invalid(String reason) implements Verdict {}
    }

    /**
     * The seal's value over the values stickyip writes on a pod of {@code namespace} at the admission
     * {@code admissionUid}; {@code written} may hold other keys (they are ignored).
     *
     * @throws IllegalArgumentException when the uid is not one, or a value holds a newline
     */
    public static String sign(SigningKey key, String namespace, String admissionUid, Map<String, String> written) {
        if (!UID.matcher(admissionUid).matches()) {
            throw new IllegalArgumentException("admission uid " + admissionUid + " is not a uid");
        }
        byte[] message = message(namespace, admissionUid, written)
                .orElseThrow(() -> new IllegalArgumentException("a written value or the namespace holds a newline"));
        try {
            Signature signer = Signature.getInstance(SealKeys.ALGORITHM);
            signer.initSign(key.privateKey());
            signer.update(message);
            return VERSION + "." + key.keyId() + "." + admissionUid + "." + B64.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether the pod's annotations carry a seal that one of {@code keys} made over them and {@code namespace}. */
    public static Verdict verify(SealKeys keys, String namespace, Map<String, String> annotations) {
        Map<String, String> a = annotations == null ? Map.of() : annotations;
        String value = a.get(SEAL);
        if (value == null || value.isBlank()) {
            return new Verdict.Invalid(SEAL + " is missing");
        }
        String[] parts = value.trim().split("\\.", -1);
        if (parts.length != 4
                || !VERSION.equals(parts[0])
                || !KEY_ID.matcher(parts[1]).matches()
                || !UID.matcher(parts[2]).matches()) {
            return new Verdict.Invalid(
                    SEAL + " is not a stickyip seal (" + VERSION + ".<key id>.<admission uid>.<signature>)");
        }
        Optional<PublicKey> key = keys.get(parts[1]);
        if (key.isEmpty()) {
            return new Verdict.Invalid(
                    SEAL + " was not signed by this cluster's webhook (key id " + parts[1] + " unknown)");
        }
        Optional<byte[]> message = message(namespace, parts[2], a);
        if (message.isEmpty() || !verified(key.get(), message.get(), parts[3])) {
            return new Verdict.Invalid(SEAL + " does not match the pod's annotations or namespace");
        }
        return new Verdict.Valid(parts[2], parts[1]);
    }

    /** The seal's verdict on a pod, in its own namespace. */
    public static Verdict verify(SealKeys keys, Pod pod) {
        return pod.getMetadata() == null
                ? new Verdict.Invalid(SEAL + " is missing")
                : verify(
                        keys,
                        String.valueOf(pod.getMetadata().getNamespace()),
                        pod.getMetadata().getAnnotations());
    }

    /**
     * What of stickyip's own a pod carries: the {@link Annotations#WRITTEN} annotations present, in that
     * order, then the label {@value Annotations#MANAGED_LABEL} if present. Empty for a pod never reviewed.
     */
    public static List<String> writtenKeysOn(Map<String, String> annotations, Map<String, String> labels) {
        List<String> out = new ArrayList<>();
        Map<String, String> a = annotations == null ? Map.of() : annotations;
        for (String key : Annotations.WRITTEN) {
            if (a.containsKey(key)) {
                out.add(key);
            }
        }
        if (labels != null && labels.containsKey(MANAGED_LABEL)) {
            out.add(MANAGED_LABEL);
        }
        return List.copyOf(out);
    }

    private static boolean verified(PublicKey key, byte[] message, String signature) {
        try {
            byte[] raw = B64_DECODE.decode(signature);
            Signature verifier = Signature.getInstance(SealKeys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(raw);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false; // not base64url, or not a signature of this key's length
        }
    }

    /** The canonical message; empty when the namespace or a value holds a newline. */
    private static Optional<byte[]> message(String namespace, String admissionUid, Map<String, String> values) {
        StringBuilder m = new StringBuilder(CONTEXT).append('\n');
        if (namespace.indexOf('\n') >= 0) {
            return Optional.empty();
        }
        m.append(namespace).append('\n').append(admissionUid).append('\n');
        for (String key : SIGNED) {
            String v = values.getOrDefault(key, "");
            if (v == null) {
                v = "";
            }
            if (v.indexOf('\n') >= 0) {
                return Optional.empty();
            }
            m.append(v).append('\n');
        }
        return Optional.of(m.toString().getBytes(StandardCharsets.UTF_8));
    }
}
