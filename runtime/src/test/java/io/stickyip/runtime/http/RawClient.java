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

/**
 * An HTTP/1.1 client on a bare socket, for what a well-behaved client never does: a request written
 * a byte at a time, a connection left open. Everything the server sends is collected until it closes.
 */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
    /** Completes when the server has closed the connection (end of stream or a reset). */
    final CompletableFuture<Void> closedByServer = new CompletableFuture<>();

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        out = socket.getOutputStream();
        Thread reader = new Thread(this::read, "raw-client-reader");
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
        int[] next = {0};
        trickler.scheduleAtFixedRate(() -> {
            try {
                if (next[0] < bytes.length) {
                    out.write(bytes[next[0]++]);
                    out.flush();
                }
            } catch (IOException broken) {
                trickler.shutdown();
            }
        }, 0, everyMillis, TimeUnit.MILLISECONDS);
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
