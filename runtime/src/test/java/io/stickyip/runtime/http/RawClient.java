package io.stickyip.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 client on a bare socket, for what a well-behaved client never does: a request written
 * a byte at a time, a connection left open. Everything the server sends is collected until it closes.
 * Plain TCP to loopback, or any connected socket ({@link #over}: the e2e suite's TLS socket to the webhook).
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger trickled = new AtomicInteger();
    /** Completes when the server has closed the connection (end of stream, TLS close_notify or a reset). */
    public final CompletableFuture<Void> closedByServer = new CompletableFuture<>();

    RawClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        out = socket.getOutputStream();
        Thread reader = new Thread(this::read, "raw-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** A client on {@code connected} (a TLS socket with its handshake done, for one); closing the client closes it. */
    public static RawClient over(Socket connected) throws IOException {
        return new RawClient(connected);
    }

    public void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Writes {@code text} one byte every {@code everyMillis} on another thread, until done or the connection breaks. */
    public void trickle(String text, long everyMillis) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        trickler.scheduleAtFixedRate(
                () -> {
                    try {
                        if (trickled.get() < bytes.length) {
                            out.write(bytes[trickled.get()]);
                            out.flush();
                            trickled.incrementAndGet();
                        }
                    } catch (IOException broken) {
                        trickler.shutdown();
                    }
                },
                0,
                everyMillis,
                TimeUnit.MILLISECONDS);
    }

    /** How many bytes {@link #trickle} has written so far. */
    public int trickled() {
        return trickled.get();
    }

    /** What the server sent so far. */
    public String received() {
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
