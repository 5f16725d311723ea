package io.warden.ops.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The pid file: the decimal pid and nothing else (no newline), as zkServer.sh writes it. The
 * script writes it first (it knows the pid from {@code $!}); the server writes it again, so a
 * server started without the script has one too, and removes it when it stops.
 */
final class PidFile {
    static final String NAME = "zookeeper_server.pid";

    private final Path file;
    private final long pid;

    private PidFile(Path file, long pid) {
        this.file = file;
        this.pid = pid;
    }

    /** The pid file a server keeping its data in {@code dataDir} uses. */
    static Path in(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    /**
     * Writes {@code pid} into the pid file of {@code dataDir}, unless it names another live Java
     * process: that is a server already running on this dataDir, and two would corrupt it.
     */
    static PidFile claim(Path dataDir, long pid) throws IOException, AlreadyRunningException {
        Path file = in(dataDir);
        Optional<Long> previous = read(file);
        if (previous.isPresent() && previous.get() != pid && isLiveJava(previous.get())) {
            throw new AlreadyRunningException("a server is already running as process " + previous.get()
                    + " (pid file " + file + "); stop it first, or remove the pid file if that process is not Warden");
        }
        Path tmp = file.resolveSibling(NAME + ".tmp" + pid);
        Files.writeString(tmp, Long.toString(pid), StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return new PidFile(file, pid);
    }

    /** Removes the pid file if it still names this process; never someone else's. */
    void release() {
        try {
            if (read(file).filter(p -> p == pid).isPresent()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Best effort on the way out: a stale pid file is detected as stale on the next start.
        }
    }

    Path path() {
        return file;
    }

    static Optional<Long> read(Path file) throws IOException {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Live, and (when the OS says) a java process: a recycled pid of another program does not count. */
    private static boolean isLiveJava(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> c.contains("java")).orElse(true))
                .orElse(false);
    }

    static final class AlreadyRunningException extends Exception {
        private static final long serialVersionUID = 1L;

        AlreadyRunningException(String message) {
            super(message);
        }
    }
}
