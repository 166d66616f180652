package io.stickyip.runtime.http;

import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.store.CertificateDirectory;
import io.stickyip.certs.store.CertificateWatcher;
import io.stickyip.certs.store.Reload;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's certificate from a directory ({@code ca.crt}, {@code tls.crt}, {@code tls.key}: a
 * mounted {@code kubernetes.io/tls} Secret or what {@code stickyip-certs generate} writes), through
 * the certs module's {@link CertificateWatcher}: only a bundle that parsed and whose key matches its
 * certificate is served, and what was checked is what is served (the PEM text, not the paths).
 * Blocking (reads files): call it off the event loop.
 */
public final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final Path dir;
    private final ServerSSLOptions base;
    private final CertificateWatcher watcher;

    /** ALPN on (HTTP/2 and HTTP/1.1), no client certificates. */
    public ServerTls(Path dir) {
        this(dir, new ServerSSLOptions().setUseAlpn(true));
    }

    /**
     * @param base everything but the key and certificate (ALPN, client authentication, trust), kept
     *             across reloads
     */
    public ServerTls(Path dir, ServerSSLOptions base) {
        this.dir = dir;
        this.base = base.copy();
        this.watcher = new CertificateWatcher(new CertificateDirectory(dir));
    }

    public Path dir() {
        return dir;
    }

    /**
     * The options for the first start.
     *
     * @throws IllegalStateException naming the file and what to do, when the directory holds no usable bundle
     */
    public ServerSSLOptions load() {
        return switch (watcher.poll()) {
            case Reload.Changed c -> options(c.bundle());
            case Reload.Unchanged u ->
                throw new IllegalStateException("the certificate in " + dir + " was loaded already");
            case Reload.Failed f ->
                throw new IllegalStateException(
                        "no usable TLS certificate in " + dir + ": "
                                + f.error().getMessage()
                                + "; generate one with 'java -jar certs-cli/target/stickyip-certs.jar generate --dir "
                                + dir + " --ip 127.0.0.1' or set STICKYIP_CERT_DIR",
                        f.error());
        };
    }

    /** The new options when the files changed to another usable bundle; a broken set is logged and skipped. */
    public Optional<ServerSSLOptions> changed() {
        return switch (watcher.poll()) {
            case Reload.Changed c -> Optional.of(options(c.bundle()));
            case Reload.Unchanged u -> Optional.empty();
            case Reload.Failed f -> {
                LOG.warn(
                        "serving certificate unusable, keeping the current one dir={} error=\"{}\"",
                        dir,
                        f.error().getMessage());
                yield Optional.empty();
            }
        };
    }

    private ServerSSLOptions options(CertificateBundle bundle) {
        return base.copy()
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(bundle.certPem()))
                        .setKeyValue(Buffer.buffer(bundle.keyPem())));
    }
}
