package io.stickyip.testing.etcd;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Optional;

/**
 * A real etcd for a test class ({@link EtcdProcess}: free loopback ports, its own data directory):
 * <pre>
 * &#64;RegisterExtension
 * static final EtcdExtension etcd = EtcdExtension.plain();   // or withTls(), withFlags("--max-txn-ops", "8")
 * </pre>
 * On a static field: one etcd for the whole class, started before the class's {@code @BeforeAll}
 * methods and killed (data deleted) after its {@code @AfterAll} methods; every test begins with it
 * running, so a test that {@link #stop()}s it leaves the next one an etcd restarted on the same
 * ports and data. On an instance field: a fresh etcd for each test, started before its
 * {@code @BeforeEach} methods and killed after its {@code @AfterEach} methods.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final boolean withTls;
    private final List<String> flags;
    private EtcdProcess etcd;
    private boolean perTest;

    private EtcdExtension(boolean withTls, List<String> flags) {
        this.withTls = withTls;
        this.flags = List.copyOf(flags);
    }

    /** etcd on plain HTTP. */
    public static EtcdExtension plain() {
        return new EtcdExtension(false, List.of());
    }

    /**
     * etcd serving TLS and demanding a client certificate ({@code --client-cert-auth}); the CA and
     * a client certificate that reach it are {@link #tls()}.
     */
    public static EtcdExtension withTls() {
        return new EtcdExtension(true, List.of());
    }

    /** etcd on plain HTTP with more flags, e.g. {@code --max-txn-ops 8}, kept across restarts. */
    public static EtcdExtension withFlags(String... flags) {
        return new EtcdExtension(false, List.of(flags));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        etcd = startNew();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (etcd == null) {
            perTest = true;
            etcd = startNew();
        } else if (!etcd.running()) {
            etcd.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            closeEtcd();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeEtcd();
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
            throw new IllegalStateException("no etcd: the EtcdExtension starts one before the class's tests "
                    + "(register it with @RegisterExtension on a static field) or before each test (on an instance field)");
        }
        return etcd;
    }

    private EtcdProcess startNew() {
        if (withTls) {
            return EtcdProcess.startNewWithTls();
        }
        return flags.isEmpty() ? EtcdProcess.startNew() : EtcdProcess.startNewWithFlags(flags.toArray(String[]::new));
    }

    private void closeEtcd() {
        if (etcd != null) {
            etcd.close();
            etcd = null;
        }
    }
}
