package io.stickyip.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 over a bare TLS socket, for what a well-behaved client never does: a body written a byte
 * at a time. Everything the server sends is collected until it closes (runtime's {@code RawClient},
 * with TLS and a client certificate, as the webhook is reached).
 */
final class TlsRawClient implements AutoCloseable {
    private final SSLSocket socket;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger trickled = new AtomicInteger();
    /** Completes when the server has closed the connection (end of stream, close_notify or a reset). */
    final CompletableFuture<Void> closedByServer = new CompletableFuture<>();

    TlsRawClient(SSLContext tls, String host, int port) throws IOException {
        socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
        socket.startHandshake();
        out = socket.getOutputStream();
        Thread reader = new Thread(this::read, "tls-raw-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Writes {@code text} one byte every {@code everyMillis} on another thread, until done or the connection breaks. */
    void trickle(String text, long everyMillis) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        trickler.scheduleAtFixedRate(() -> {
            try {
                if (trickled.get() < bytes.length) {
                    out.write(bytes[trickled.get()]);
                    out.flush();
                    trickled.incrementAndGet();
                }
            } catch (IOException broken) {
                trickler.shutdown();
            }
        }, 0, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** How many bytes {@link #trickle} has written so far. */
    int trickled() {
        return trickled.get();
    }

    /** What the server sent so far. */
    String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.US_ASCII);
        }
    }

    private void read() {
        byte[] buffer = new byte[4096];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (received) {
                    received.write(buffer, 0, n);
                }
            }
        } catch (IOException reset) {
            // a reset is a close too
        }
        closedByServer.complete(null);
    }

    @Override
    public void close() throws IOException {
        trickler.shutdownNow();
        socket.close();
    }
}
