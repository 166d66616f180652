package io.stickyip.testing.etcd;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real etcd for a test class, or for each test ({@link EtcdProcess}: free loopback ports, its own data directory):
 * <pre>
 * &#64;RegisterExtension
 * static final EtcdExtension etcd = EtcdExtension.plain();   // or withTls()
 * </pre>
 * On a static field: one etcd for the whole class, started before the class's {@code @BeforeAll}
 * methods and killed (data deleted) after its {@code @AfterAll} methods; every test begins with it
 * running, so a test that {@link #stop()}s it leaves the next one an etcd restarted on the same
 * ports and data. On an instance field: a fresh etcd for each test, started before its
 * {@code @BeforeEach} methods and killed after its {@code @AfterEach} methods. A test that needs an etcd
 * of its own beside it (other flags) starts an {@link EtcdProcess} itself.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final boolean withTls;
    private EtcdProcess etcd;
    /** The class that started it (its {@code @Nested} classes share it), or null when each test has its own. */
    private String startedFor;

    private EtcdExtension(boolean withTls) {
        this.withTls = withTls;
    }

    /** etcd on plain HTTP. */
    public static EtcdExtension plain() {
        return new EtcdExtension(false);
    }

    /**
     * etcd serving TLS and demanding a client certificate ({@code --client-cert-auth}); the CA and
     * a client certificate that reach it are {@link #tls()}.
     */
    public static EtcdExtension withTls() {
        return new EtcdExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (etcd == null) {
            etcd = startNew();
            startedFor = context.getUniqueId();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (etcd == null) {
            etcd = startNew();
        } else if (!etcd.running()) {
            etcd.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (startedFor == null) {
            closeEtcd();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(startedFor)) {
            closeEtcd();
            startedFor = null;
        }
    }

    /** {@code http://127.0.0.1:PORT} (or {@code https://} with TLS), the only client endpoint. */
    public String endpoint() {
        return current().endpoint();
    }

    /** The CA and client certificate that reach this etcd, when it serves TLS. */
    public Optional<EtcdClientTls> tls() {
        return current().tls();
    }

    /** Kills etcd (SIGKILL, as a crash would); {@link #start()} brings it back on the same ports and data. */
    public void stop() {
        current().stop();
    }

    /** (Re)starts a stopped etcd on the same ports and data directory and waits until it is healthy. */
    public void start() {
        current().start();
    }

    /** Freezes etcd (SIGSTOP): it answers nothing, and its connections stay open, until {@link #resume()}. */
    public void pause() {
        current().pause();
    }

    /** Lets a paused etcd go on (SIGCONT). */
    public void resume() {
        current().resume();
    }

    /** Whether the etcd process is alive (false after {@link #stop()}). */
    public boolean running() {
        return etcd != null && etcd.running();
    }

    private EtcdProcess current() {
        if (etcd == null) {
            throw new IllegalStateException(
                    "no etcd: the EtcdExtension starts one before the class's tests "
                            + "(register it with @RegisterExtension on a static field) or before each test (on an instance field)");
        }
        return etcd;
    }

    private EtcdProcess startNew() {
        if (withTls) {
            return EtcdProcess.startNewWithTls();
        }
        return EtcdProcess.startNew();
    }

    private void closeEtcd() {
        if (etcd != null) {
            etcd.close();
            etcd = null;
        }
    }
}
