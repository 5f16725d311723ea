package io.warden.persistence.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Prepares the next segment in the background: a file of the full segment size, header
 * written, the rest zero-filled and fsynced, under a spare name. Writing real zeros (not a
 * sparse file) allocates the blocks up front, so an fdatasync after an append flushes data
 * only; doing it ahead of time keeps the 64 MiB write off the append path.
 */
final class SegmentPreallocator implements AutoCloseable {

    private static final int ZERO_CHUNK_BYTES = 1 << 20;

    private final LogConfig config;
    private final Path sparePath;
    private final ExecutorService executor;
    private Future<Path> spare;

    SegmentPreallocator(LogConfig config) {
        this.config = config;
        this.sparePath = config.directory().resolve(LogFormat.SPARE_NAME);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warden-journal-prealloc");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts preparing a spare unless one is ready or being prepared. Writer thread only. */
    void prepare() {
        if (spare == null) {
            spare = executor.submit(this::create);
        }
    }

    /** The prepared spare, waiting for it if needed. Writer thread only. */
    Path take() throws IOException {
        prepare();
        try {
            return spare.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io
                    : new IOException("preallocating the next journal segment failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the next journal segment", e);
        } finally {
            spare = null;
        }
    }

    private Path create() throws IOException {
        Files.deleteIfExists(sparePath);
        try (FileChannel ch = config.channelFactory().open(sparePath,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer header = LogFormat.segmentHeader();
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
            ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK_BYTES);
            long size = config.segmentSizeBytes();
            for (long at = LogFormat.SEGMENT_HEADER_SIZE; at < size; ) {
                zeros.clear().limit((int) Math.min(ZERO_CHUNK_BYTES, size - at));
                at += ch.write(zeros, at);
            }
            ch.force(true);
        }
        return sparePath;
    }

    /** Stops a preparation in progress and waits for it, so no file changes after close. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the journal's preallocation thread did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
