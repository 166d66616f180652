package io.stickyip.certs.store;

import io.stickyip.core.contract.SealKeys;
import io.stickyip.core.contract.SigningKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
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

    private SealKeyFiles() { }

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
                throw new CertificateStoreException(p + " exists; a new seal key makes every sealed pod unverifiable to agents "
                        + "that do not trust it yet (pass --force to replace it, see docs/admission.md on rotation)");
            }
        }
        try {
            AtomicFiles.createDirectories(directory);
            AtomicFiles.write(privateFile, pem(PRIVATE_KEY, key.privateKey().getEncoded()), AtomicFiles.OWNER_ONLY);
            AtomicFiles.write(publicFile, pem(PUBLIC_KEY, key.publicKey().getEncoded()), AtomicFiles.WORLD_READABLE);
        } catch (IOException e) {
            throw new CertificateStoreException("cannot write the seal key into " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The webhook's key from a {@value #PRIVATE_FILE}; fails naming the file and what is wrong. */
    public static SigningKey readSigningKey(Path file) {
        byte[] der = read(file, PRIVATE_KEY);
        try {
            PrivateKey key = KeyFactory.getInstance(SealKeys.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
            return SigningKey.of(key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CertificateStoreException(file + " is not an " + SealKeys.ALGORITHM + " private key (PKCS#8): " + e.getMessage(), e);
        }
    }

    /** A public key from a {@value #PUBLIC_FILE}; fails naming the file and what is wrong. */
    public static PublicKey readPublicKey(Path file) {
        byte[] der = read(file, PUBLIC_KEY);
        try {
            PublicKey key = KeyFactory.getInstance(SealKeys.ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
            SealKeys.of(List.of(key));
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CertificateStoreException(file + " is not an " + SealKeys.ALGORITHM + " public key (X.509 SubjectPublicKeyInfo): "
                    + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, String type) {
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
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (to < 0) {
            throw new CertificateStoreException(file + " has no PEM " + type + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new CertificateStoreException(file + " has a " + type + " block that is not base64", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
