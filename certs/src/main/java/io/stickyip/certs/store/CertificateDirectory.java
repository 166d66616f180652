package io.stickyip.certs.store;

import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.issue.KeyedCertificate;
import io.stickyip.certs.issue.Pem;
import io.stickyip.certs.issue.PemFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A bundle as files: {@code ca.crt}, {@code tls.crt}, {@code tls.key} (the layout of a mounted
 * {@code kubernetes.io/tls} Secret), and, where this directory is the CA's home, {@code ca.key}.
 * Each file is replaced atomically; keys are mode 0600. Files are written CA first and serving
 * certificate last, so a reader may briefly see a new key with the old certificate:
 * {@link #read()} rejects that pair and a later read sees the new one.
 */
public final class CertificateDirectory {
    public static final String CA_KEY = "ca.key";

    private final Path directory;

    public CertificateDirectory(Path directory) {
        this.directory = directory;
    }

    public Path path() {
        return directory;
    }

    /** Whether {@code ca.crt}, {@code tls.crt} and {@code tls.key} are all present. */
    public boolean hasBundle() {
        return Files.isRegularFile(file(CertificateBundle.CA_CERT))
                && Files.isRegularFile(file(CertificateBundle.TLS_CERT))
                && Files.isRegularFile(file(CertificateBundle.TLS_KEY));
    }

    /**
     * The bundle, parsed and checked (the key is the serving certificate's).
     *
     * @throws CertificateStoreException if the directory or a file is missing or unreadable
     * @throws PemFormatException if a file is not the PEM it should be; the message names it
     */
    public CertificateBundle read() {
        String ca = readText(CertificateBundle.CA_CERT);
        String cert = readText(CertificateBundle.TLS_CERT);
        String key = readText(CertificateBundle.TLS_KEY);
        try {
            return CertificateBundle.fromPem(ca, cert, key);
        } catch (PemFormatException e) {
            throw new PemFormatException(directory + "/" + e.getMessage(), e);
        }
    }

    /** The CA certificate, when {@code ca.crt} is present. */
    public Optional<X509Certificate> readCaCertificate() {
        if (!Files.isRegularFile(file(CertificateBundle.CA_CERT))) {
            return Optional.empty();
        }
        return Optional.of(parse(CertificateBundle.CA_CERT, Pem::certificate));
    }

    /** The CA with its key, when both {@code ca.crt} and {@code ca.key} are present. */
    public Optional<KeyedCertificate> readCa() {
        if (!Files.isRegularFile(file(CA_KEY))) {
            return Optional.empty();
        }
        return readCaCertificate().map(cert -> new KeyedCertificate(cert, parse(CA_KEY, Pem::privateKey)));
    }

    /** A digest of the three bundle files as they are now, without parsing them. */
    public Fingerprint fingerprint() {
        return Fingerprint.of(
                readText(CertificateBundle.CA_CERT),
                readText(CertificateBundle.TLS_CERT),
                readText(CertificateBundle.TLS_KEY));
    }

    /** Writes the CA key, then the bundle; creates the directory (mode 0700) if needed. */
    public void write(IssuedCertificates issued) {
        createDirectory();
        writeText(CA_KEY, issued.ca().privateKeyPem(), AtomicFiles.OWNER_ONLY);
        write(issued.bundle());
    }

    /** Writes a CA alone ({@code ca.key}, then {@code ca.crt}): a directory that only signs (client certificates). */
    public void writeCa(KeyedCertificate ca) {
        createDirectory();
        writeText(CA_KEY, ca.privateKeyPem(), AtomicFiles.OWNER_ONLY);
        writeText(CertificateBundle.CA_CERT, ca.certificatePem(), AtomicFiles.WORLD_READABLE);
    }

    /** Writes {@code ca.crt}, {@code tls.key}, {@code tls.crt}; creates the directory if needed. */
    public void write(CertificateBundle bundle) {
        createDirectory();
        writeText(CertificateBundle.CA_CERT, bundle.caCertPem(), AtomicFiles.WORLD_READABLE);
        writeText(CertificateBundle.TLS_KEY, bundle.keyPem(), AtomicFiles.OWNER_ONLY);
        writeText(CertificateBundle.TLS_CERT, bundle.certPem(), AtomicFiles.WORLD_READABLE);
    }

    private Path file(String name) {
        return directory.resolve(name);
    }

    private String readText(String name) {
        if (!Files.isDirectory(directory)) {
            throw new CertificateStoreException("no such directory: " + directory);
        }
        Path file = file(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CertificateStoreException("missing " + file, e);
        } catch (IOException e) {
            throw new CertificateStoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private <T> T parse(String name, Function<String, T> parser) {
        try {
            return parser.apply(readText(name));
        } catch (PemFormatException e) {
            throw new PemFormatException(file(name) + ": " + e.getMessage(), e);
        }
    }

    private void writeText(String name, String content, Set<PosixFilePermission> permissions) {
        try {
            AtomicFiles.write(file(name), content, permissions);
        } catch (IOException e) {
            throw new CertificateStoreException("cannot write " + file(name) + ": " + e.getMessage(), e);
        }
    }

    private void createDirectory() {
        try {
            AtomicFiles.createDirectories(directory);
        } catch (IOException e) {
            throw new CertificateStoreException("cannot create directory " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
