package io.stickyip.core.contract;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The public keys a {@link ReservationSeal} may be verified with, by key id: one normally, several
 * while the webhook's key is rotated (agents trust the old and the new key until every pod sealed
 * with the old one is gone).
 */
public final class SealKeys {
    /** The only algorithm of seals {@code v1}. */
    public static final String ALGORITHM = "Ed25519";

    private final Map<String, PublicKey> byId;

    private SealKeys(Map<String, PublicKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    /** @throws IllegalArgumentException when a key is not an Ed25519 key */
    public static SealKeys of(Collection<PublicKey> keys) {
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        for (PublicKey k : keys) {
            requireEd25519(k);
            byId.put(keyId(k), k);
        }
        return new SealKeys(byId);
    }

    public Optional<PublicKey> get(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    public Set<String> ids() {
        return byId.keySet();
    }

    /** The first 8 bytes, in hex, of the SHA-256 of the key's X.509 (SubjectPublicKeyInfo) DER encoding. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** @throws IllegalArgumentException naming the algorithm found, when the key is not Ed25519 */
    static void requireEd25519(java.security.Key key) {
        if (!(key instanceof EdECKey ed) || !ALGORITHM.equals(ed.getParams().getName())) {
            throw new IllegalArgumentException("is a " + key.getAlgorithm() + " key, not " + ALGORITHM);
        }
    }
}
