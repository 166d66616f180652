package io.stickyip.certs.store;

import io.stickyip.certs.issue.Pem;
import io.stickyip.certs.issue.PemFormatException;
import io.stickyip.core.contract.SealKeys;
import io.stickyip.core.contract.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

/**
 * The seal key pair as files (docs/admission.md, "Sealed reservations"): {@value #PRIVATE_FILE}, the
 * webhook's Ed25519 private key as PKCS#8 PEM ({@code PRIVATE KEY}, mode 0600), and {@value #PUBLIC_FILE},
 * its public key as X.509 SubjectPublicKeyInfo PEM ({@code PUBLIC KEY}), which agents trust. The same
 * encodings {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write.
 */
public final class SealKeyFiles {
    public static final String PRIVATE_FILE = "seal.key";
    public static final String PUBLIC_FILE = "seal.pub";
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String PUBLIC_KEY = "PUBLIC KEY";
    /** A PEM file this long is not a key; nothing bigger is read. */
    static final long MAX_BYTES = 16 * 1024;

    private SealKeyFiles() {}

    /**
     * Writes the key pair into {@code directory} (created if missing).
     *
     * @throws CertificateStoreException when a file is there and {@code force} is false, or a write fails
     */
    public static void write(Path directory, SigningKey key, boolean force) {
        Path privateFile = directory.resolve(PRIVATE_FILE);
        Path publicFile = directory.resolve(PUBLIC_FILE);
        for (Path p : List.of(privateFile, publicFile)) {
            if (!force && Files.exists(p)) {
                throw new CertificateStoreException(
                        p + " exists; a new seal key makes every sealed pod unverifiable to agents "
                                + "that do not trust it yet (pass --force to replace it, see docs/admission.md on rotation)");
            }
        }
        try {
            AtomicFiles.createDirectories(directory);
            AtomicFiles.write(privateFile, Pem.encode(key.privateKey()), AtomicFiles.OWNER_ONLY);
            AtomicFiles.write(publicFile, Pem.encode(key.publicKey()), AtomicFiles.WORLD_READABLE);
        } catch (IOException e) {
            throw new CertificateStoreException(
                    "cannot write the seal key into " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The webhook's key from a {@value #PRIVATE_FILE}; fails naming the file and what is wrong. */
    public static SigningKey readSigningKey(Path file) {
        String pem = read(file, PRIVATE_KEY);
        try {
            return SigningKey.of(Pem.privateKey(pem));
        } catch (PemFormatException | IllegalArgumentException e) {
            throw new CertificateStoreException(
                    file + " is not an " + SealKeys.ALGORITHM + " private key (PKCS#8): " + e.getMessage(), e);
        }
    }

    /** A public key from a {@value #PUBLIC_FILE}; fails naming the file and what is wrong. */
    public static PublicKey readPublicKey(Path file) {
        String pem = read(file, PUBLIC_KEY);
        try {
            PublicKey key = Pem.publicKey(pem);
            SealKeys.of(List.of(key));
            return key;
        } catch (PemFormatException | IllegalArgumentException e) {
            throw new CertificateStoreException(
                    file + " is not an " + SealKeys.ALGORITHM + " public key (X.509 SubjectPublicKeyInfo): "
                            + e.getMessage(),
                    e);
        }
    }

    /** The file's text, bounded in size, once it holds a PEM block of {@code type}. */
    private static String read(Path file, String type) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new CertificateStoreException(file + " is larger than " + MAX_BYTES + " bytes: not a PEM key");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new CertificateStoreException(file + " does not exist", e);
        } catch (IOException e) {
            throw new CertificateStoreException(file + " cannot be read: " + e.getMessage(), e);
        }
        if (!text.contains("-----BEGIN " + type + "-----") || !text.contains("-----END " + type + "-----")) {
            throw new CertificateStoreException(file + " has no PEM " + type + " block");
        }
        return text;
    }
}
