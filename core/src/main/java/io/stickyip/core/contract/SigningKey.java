package io.stickyip.core.contract;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.List;
import java.util.Objects;

/**
 * The webhook's seal key: the Ed25519 private key and its public key (derived from it, so a key file
 * holds the private key alone).
 *
 * @param privateKey signs seals
 * @param publicKey  verifies them (the webhook's own check of a reinvoked pod)
 */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * The key with its public key, derived the way the JDK's generator derives it from the 32-byte seed.
     *
     * @throws IllegalArgumentException when the key is not Ed25519
     */
    public static SigningKey of(PrivateKey key) {
        SealKeys.requireEd25519(key);
        byte[] seed = ((EdECPrivateKey) key)
                .getBytes()
                .orElseThrow(() -> new IllegalArgumentException("is an Ed25519 key whose bytes cannot be read"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(SealKeys.ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new Seed(seed));
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(key, pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot derive an Ed25519 public key", e);
        }
    }

    /** A new random key (the certs CLI's {@code seal-key}, tests). */
    public static SigningKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(SealKeys.ALGORITHM).generateKeyPair();
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    public String keyId() {
        return SealKeys.keyId(publicKey);
    }

    /** Only this key's public key, for verifying what it signed. */
    public SealKeys trusted() {
        return SealKeys.of(List.of(publicKey));
    }

    @Override
    public String toString() {
        return "SigningKey[keyId=" + keyId() + "]";
    }

    /** Hands the generator the private key's seed instead of random bytes. */
    private static final class Seed extends SecureRandom {
        private final byte[] seed;

        Seed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("asked for " + bytes.length + " bytes, the seed has " + seed.length);
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
