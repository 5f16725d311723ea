package io.warden.ops.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes and temp dirs the side-by-side runner owns, released in order even when the
 * runner is interrupted (Ctrl-C runs the shutdown hook, not the finally blocks).
 */
final class ChildProcesses {
    private static final long STOP_GRACE_SECONDS = 30;

    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private final Set<Path> dirs = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    ChildProcesses() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::releaseAll, "bench-cleanup"));
    }

    Process start(ProcessBuilder builder) throws IOException {
        Process p = builder.start();
        processes.add(p);
        return p;
    }

    Path tempDir(Path parent, String prefix) throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(parent), prefix);
        dirs.add(dir);
        return dir;
    }

    /**
     * Stops {@code p} by its PID: SIGTERM so it can shut down cleanly, SIGKILL after a grace
     * period. Its descendants (a launcher script's JVM) get the same treatment.
     */
    void stop(Process p) {
        var descendants = p.descendants().toList();
        p.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        processes.remove(p);
    }

    /** True once the JVM is exiting: a child that ends now was stopped by us, not by a fault. */
    boolean shuttingDown() {
        return shuttingDown;
    }

    /** Synchronized: the shutdown hook and the runner's finally block may both get here. */
    synchronized void delete(Path dir) {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + dir, e);
            }
        }
        dirs.remove(dir);
    }

    private void releaseAll() {
        shuttingDown = true;
        for (Process p : Set.copyOf(processes)) {
            stop(p);
        }
        for (Path dir : Set.copyOf(dirs)) {
            try {
                delete(dir);
            } catch (UncheckedIOException e) {
                System.err.println("warden-bench: " + e.getMessage());
            }
        }
    }
}
