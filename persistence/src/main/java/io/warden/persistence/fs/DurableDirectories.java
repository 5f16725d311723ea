package io.warden.persistence.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/** Creates directories and fsyncs them so that what they hold survives a power loss. */
public final class DurableDirectories {

    /** Forces one directory's entries to disk. */
    @FunctionalInterface
    public interface Fsync {
        void force(Path directory) throws IOException;
    }

    /** The real one: opens the directory for reading and forces it (Linux and macOS allow this). */
    public static final Fsync REAL = directory -> {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    };

    private DurableDirectories() {
    }

    /** {@link #create(Path, Fsync)} with the real fsync. */
    public static void create(Path directory) throws IOException {
        create(directory, REAL);
    }

    /**
     * Creates the directory and any missing parents, fsyncing the parent of each one created,
     * outermost first, so that the new entries are durable before anything is written inside.
     */
    public static void create(Path directory, Fsync fsync) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        if (missing.isEmpty()) {
            return;
        }
        Files.createDirectories(absolute);
        for (Path created : missing) {
            fsync.force(created.getParent());
        }
    }
}
