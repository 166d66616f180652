package io.stickyip.runtime.config;

import io.stickyip.certs.CertsException;
import io.stickyip.certs.store.SealKeyFiles;
import io.stickyip.core.contract.SealKeys;
import io.stickyip.core.contract.SigningKey;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The seal keys of docs/admission.md ("Sealed reservations"), read at start-up: the webhook signs with
 * {@value #SIGNING_KEY}, the agents verify with {@value #PUBLIC_KEYS}. Both are required: a missing,
 * unreadable or non-Ed25519 file stops the start with a message naming the variable and the file.
 */
public final class SealKeyConfig {
    /** The webhook's private key file ({@code seal.key}). */
    public static final String SIGNING_KEY = "STICKYIP_SEAL_KEY";
    /** The agents' trusted public key files ({@code seal.pub}), comma-separated: several during a rotation. */
    public static final String PUBLIC_KEYS = "STICKYIP_SEAL_PUBLIC_KEYS";

    private SealKeyConfig() {}

    /**
     * The webhook's seal key, read.
     *
     * @param file where it was read from
     * @param key  the key (never logged; {@link #describe()} gives its id)
     */
    public record Signer(Path file, SigningKey key) {
        public String describe() {
            return file + " (key id " + key.keyId() + ")";
        }
    }

    /**
     * The keys agents trust, read.
     *
     * @param files where they were read from, in order
     * @param keys  the keys by id
     */
    public record Trust(List<Path> files, SealKeys keys) {
        public Trust {
            files = List.copyOf(files);
        }

        public String describe() {
            return files + " (key ids " + String.join(",", keys.ids()) + ")";
        }
    }

    public static Signer signer(Env env) {
        Path file = env.optionalPath(SIGNING_KEY)
                .orElseThrow(
                        () -> InvalidConfigException.of(
                                SIGNING_KEY,
                                "(none)",
                                "is required: the path of the webhook's seal.key (stickyip-certs seal-key --dir DIR writes one)"));
        try {
            return new Signer(file, SealKeyFiles.readSigningKey(file));
        } catch (CertsException e) {
            throw InvalidConfigException.of(SIGNING_KEY, file.toString(), "cannot be used: " + e.getMessage());
        }
    }

    public static Trust trust(Env env) {
        List<String> paths = env.list(PUBLIC_KEYS, List.of());
        if (paths.isEmpty()) {
            throw InvalidConfigException.of(
                    PUBLIC_KEYS,
                    "(none)",
                    "is required: the paths of the webhook's seal.pub, "
                            + "comma-separated (stickyip-certs seal-key --dir DIR writes one)");
        }
        List<Path> files = new ArrayList<>();
        List<PublicKey> keys = new ArrayList<>();
        for (String p : paths) {
            Path file = Path.of(p);
            try {
                keys.add(SealKeyFiles.readPublicKey(file));
            } catch (CertsException e) {
                throw InvalidConfigException.of(PUBLIC_KEYS, p, "cannot be used: " + e.getMessage());
            }
            files.add(file);
        }
        return new Trust(files, SealKeys.of(keys));
    }
}
