package io.stickyip.webhook.server;

import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The serving certificate files ({@code tls.crt}, {@code tls.key}) and a fingerprint to notice rotation. */
public record TlsFiles(Path dir) {
    public Path cert() {
        return dir.resolve("tls.crt");
    }

    public Path key() {
        return dir.resolve("tls.key");
    }

    /** Fails with a message naming the missing file, so start-up errors say what to do. */
    public void requirePresent() {
        for (Path p : new Path[] {cert(), key()}) {
            if (!Files.isReadable(p)) {
                throw new IllegalStateException("TLS file " + p + " is missing or unreadable: generate it with "
                        + "'java -jar certs/target/stickyip-certs.jar generate --dir " + dir + " --ip 127.0.0.1' or set STICKYIP_CERT_DIR");
            }
        }
    }

    public ServerSSLOptions sslOptions() {
        return new ServerSSLOptions().setKeyCertOptions(
                new PemKeyCertOptions().setCertPath(cert().toString()).setKeyPath(key().toString()));
    }

    /** SHA-256 over both files; changes when either is rewritten with new content. */
    public String fingerprint() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(cert()));
            sha.update(Files.readAllBytes(key()));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
