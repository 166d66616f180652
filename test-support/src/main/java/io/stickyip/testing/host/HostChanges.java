package io.stickyip.testing.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * One lock file for the test JVMs that change the host while they run ({@link #share}: the agent's labs add
 * network namespaces, so {@code /run/netns} entries and their mounts) and the test that compares the host before
 * and after ({@link #alone}: HostHygieneE2EIT). The suite runs the agent's lab ITs beside the e2e module, so
 * without it a snapshot could catch a lab's namespaces half-way. Many sharers at once, in one JVM or several; the
 * one alone waits until none is left, and they wait for it. Labs follow one another closely, so the one alone first
 * says it is waiting (a marker file beside the lock) and no new sharer starts while it waits. Every wait is bounded.
 */
public final class HostChanges {
    /** The machine's lock: every JVM of the suite sees the same temporary directory. */
    public static final HostChanges MACHINE =
            new HostChanges(Path.of(System.getProperty("java.io.tmpdir"), "stickyip-host-changes.lock"));

    static final Duration WAIT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Path file;
    private final Path wanted;
    /** The sharers of this JVM hold one shared lock between them: a JVM may not lock the same file twice. */
    private FileLock shared;

    private int sharers;

    HostChanges(Path file) {
        this.file = file;
        this.wanted = file.resolveSibling(file.getFileName() + ".wanted");
    }

    /** A hold on the host, given back by {@link Hold#close()} (once; again is a no-op). */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** For a test that changes the host while it runs and puts it back; waits while a comparison runs. */
    public synchronized Hold share() {
        if (sharers == 0) {
            awaitNoComparisonWaiting();
            shared = acquire(true, WAIT);
        }
        sharers++;
        return once(this::unshare);
    }

    /** For a test that compares the host before and after; waits until no sharer is left in any JVM. */
    public Hold alone() {
        return alone(WAIT);
    }

    Hold alone(Duration wait) {
        touch(wanted);
        FileLock lock;
        try {
            lock = acquire(false, wait);
        } finally {
            delete(wanted);
        }
        return once(() -> release(lock));
    }

    /** A comparison waiting goes first; a marker older than {@link #WAIT} is one left by a killed JVM. */
    private void awaitNoComparisonWaiting() {
        Instant deadline = Instant.now().plus(WAIT);
        try {
            while (Files.exists(wanted)
                    && Files.getLastModifiedTime(wanted)
                            .toInstant()
                            .isAfter(Instant.now().minus(WAIT))
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(POLL);
            }
        } catch (IOException e) {
            // the marker went away between the two looks: nobody waits
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a comparison waited for " + file, e);
        }
    }

    private static void touch(Path path) {
        try {
            Files.write(path, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + path, e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("delete " + path, e);
        }
    }

    private synchronized void unshare() {
        if (--sharers == 0) {
            release(shared);
            shared = null;
        }
    }

    private static Hold once(Runnable release) {
        return new Hold() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    release.run();
                }
            }
        };
    }

    private FileLock acquire(boolean share, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        FileChannel channel = open();
        try {
            while (true) {
                FileLock lock = channel.tryLock(0, Long.MAX_VALUE, share);
                if (lock != null) {
                    return lock;
                }
                if (Instant.now().isAfter(deadline)) {
                    channel.close();
                    throw new IllegalStateException("the host-changes lock " + file + " was not free within " + wait
                            + (share
                                    ? ": another test JVM compares the host before and after"
                                    : ": another test JVM's lab is changing the host"));
                }
                Thread.sleep(POLL);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("lock " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + file, e);
        }
    }

    private FileChannel open() {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("open the host-changes lock " + file, e);
        }
    }

    private void release(FileLock lock) {
        try (FileChannel channel = lock.channel()) {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("release " + file, e);
        }
    }
}
