package io.stickyip.core.contract;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test side: fixed seal keys (the same in every run) and pods sealed with them, as the webhook seals them. */
public final class TestSeals {
    /** The cluster's webhook key in tests. */
    public static final SigningKey KEY = key(1);
    /** Another cluster's (or a tenant's own) key. */
    public static final SigningKey OTHER = key(2);
    /** What agents trust in tests: {@link #KEY}'s public key. */
    public static final SealKeys TRUSTED = KEY.trusted();

    private TestSeals() {}

    /** A key from a seed of 32 bytes all {@code n}. */
    public static SigningKey key(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        try {
            return SigningKey.of(KeyFactory.getInstance(SealKeys.ALGORITHM)
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The annotations with a seal of {@link #KEY} over them, for {@code namespace} and the admission {@code uid}. */
    public static Map<String, String> sealed(String namespace, String uid, Map<String, String> annotations) {
        Map<String, String> out = new LinkedHashMap<>(annotations);
        out.put(Annotations.SEAL, ReservationSeal.sign(KEY, namespace, uid, annotations));
        return out;
    }

    /** The pod with a seal of {@link #KEY} over its annotations, in its namespace, for the admission {@code uid}. */
    public static Pod sealed(Pod pod, String uid) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null
                ? Map.of()
                : pod.getMetadata().getAnnotations();
        return new PodBuilder(pod)
                .editMetadata()
                .withAnnotations(sealed(pod.getMetadata().getNamespace(), uid, annotations))
                .endMetadata()
                .build();
    }
}
