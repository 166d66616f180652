package io.stickyip.certs.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A real TLS 1.3 handshake on loopback with the issued certificates, the JDK on both ends. */
class TlsHandshakeTest {
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final char[] NO_PASSWORD = "unused".toCharArray();

    private final CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC(), new SecureRandom());
    private final KeyedCertificate ca = issuer.issueCa(Duration.ofDays(10));
    private final SubjectNames names = SubjectNames.parse(
            SubjectNames.serviceDnsNames("stickyip-webhook", "stickyip-system"), List.of("127.0.0.1"));
    private final CertificateBundle bundle =
            new IssuedCertificates(ca, issuer.issueServing(ca, names, Duration.ofDays(1))).bundle();
    private final ExecutorService serverThread = Executors.newSingleThreadExecutor();
    private SSLServerSocket server;

    @BeforeEach
    void startServer() throws Exception {
        server = (SSLServerSocket) serverContext(bundle)
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        serverThread.shutdownNow();
        assertThat(serverThread.awaitTermination(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
                .isTrue();
    }

    @ParameterizedTest(name = "a client trusting only the CA connects to {0}")
    @ValueSource(
            strings = {
                "127.0.0.1",
                "stickyip-webhook.stickyip-system.svc",
                "stickyip-webhook.stickyip-system.svc.cluster.local"
            })
    void aClientTrustingTheCaCompletesTheHandshakeAndVerifiesTheName(String host) throws Exception {
        CompletableFuture<String> serverSide = acceptOne();

        try (SSLSocket client = connect(clientTrusting(bundle.caCertificate()), host)) {
            client.startHandshake();

            assertThat(client.getSession().getPeerCertificates()[0]).isEqualTo(bundle.servingCertificate());
            assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        assertThat(serverSide).succeedsWithin(Duration.ofMillis(TIMEOUT_MILLIS)).isEqualTo("TLSv1.3");
    }

    @Test
    void aClientTrustingAnotherCaFailsTheHandshake() throws Exception {
        X509Certificate otherCa = issuer.issueCa(Duration.ofDays(10)).certificate();
        CompletableFuture<String> serverSide = acceptOne();

        try (SSLSocket client = connect(clientTrusting(otherCa), "127.0.0.1")) {
            assertThatThrownBy(client::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
        assertThat(serverSide).failsWithin(Duration.ofMillis(TIMEOUT_MILLIS));
    }

    @Test
    void aClientAskingForANameNotInTheCertificateFailsTheHandshake() throws Exception {
        CompletableFuture<String> serverSide = acceptOne();

        try (SSLSocket client = connect(clientTrusting(bundle.caCertificate()), "other.example")) {
            assertThatThrownBy(client::startHandshake)
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("other.example");
        }
        assertThat(serverSide).failsWithin(Duration.ofMillis(TIMEOUT_MILLIS));
    }

    private CompletableFuture<String> acceptOne() {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (SSLSocket accepted = (SSLSocket) server.accept()) {
                        accepted.setSoTimeout(TIMEOUT_MILLIS);
                        accepted.startHandshake();
                        accepted.getOutputStream().write('!');
                        return accepted.getSession().getProtocol();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                serverThread);
    }

    /** Connects to the server's loopback port, verifying {@code host} as a browser would. */
    private SSLSocket connect(SSLContext context, String host) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), TIMEOUT_MILLIS);
        plain.setSoTimeout(TIMEOUT_MILLIS);
        SSLSocket socket =
                (SSLSocket) context.getSocketFactory().createSocket(plain, host, server.getLocalPort(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static SSLContext serverContext(CertificateBundle bundle) throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("serving", bundle.privateKey(), NO_PASSWORD, new Certificate[] {
            bundle.servingCertificate(), bundle.caCertificate()
        });
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, NO_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext clientTrusting(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
