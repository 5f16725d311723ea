package io.warden.persistence.journal;

import io.warden.persistence.journal.LogIndex.EntityState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A durable, segmented, append-only log of {@link LogRecord}s on local files, with group
 * commit. The file format is described in {@link LogFormat}, recovery in {@link LogRecovery},
 * the write path in {@link LogWriter}.
 *
 * <p>Contract: a future returned by {@link #append} completes normally only after the records
 * are written and (with forceSync on) {@code FileChannel.force} returned for them; from then on
 * {@link #replay} returns them, also after a crash and reopen. Appends queue in call order and
 * are written in that order. Every method is thread-safe.
 *
 * <p>Futures complete on the log's writer thread: keep continuations short, and never wait
 * for the log (join, a blocking append) inside one; hand such work to another executor.
 */
public final class SegmentedLog implements AutoCloseable {

    private final LogConfig config;
    private final LogIndex index;
    private final LogWriter writer;
    private final Thread writerThread;
    private final BlockingQueue<WriteRequest> queue;
    private final Semaphore queuedBytes;
    private final int maxPermits;
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();
    private boolean closed;

    private SegmentedLog(LogConfig config, LogRecovery.Recovered recovered) throws IOException {
        this.config = config;
        this.index = recovered.index();
        this.queue = new ArrayBlockingQueue<>(config.maxQueuedRequests());
        this.maxPermits = (int) Math.min(Integer.MAX_VALUE, config.maxQueuedBytes());
        this.queuedBytes = new Semaphore(maxPermits);
        this.writer = new LogWriter(config, index, recovered.nextLogIndex(), queue, queuedBytes);
        this.writerThread = new Thread(writer, "warden-journal-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /**
     * Opens (creating if needed) the log in {@code config.directory()}, recovering the index
     * and cutting a torn tail of the last segment.
     *
     * @throws LogCorruptedException when data that may have been acknowledged is damaged
     */
    public static SegmentedLog open(LogConfig config) throws IOException {
        return new SegmentedLog(config, LogRecovery.recover(config));
    }

    /**
     * Opens the log like {@link #open}, except that a segment missing between two others (log
     * indexes that jump from one file to the next) is accepted and both sides are readable. For
     * the start-up check that names what such a hole lost; never for serving writes.
     */
    public static SegmentedLog openAcceptingMissingSegments(LogConfig config) throws IOException {
        return new SegmentedLog(config, LogRecovery.recoverAcceptingMissingSegments(config));
    }

    /**
     * One segment file as the index sees it, for tools and the start-up check.
     *
     * @param minSequenceNr the entity's lowest sequence number appended in it, -1 if none
     * @param maxSequenceNr the entity's highest sequence number appended in it, -1 if none
     */
    public record SegmentInfo(java.nio.file.Path path, long firstLogIndex, long lastLogIndex,
                              long minSequenceNr, long maxSequenceNr) {
        public boolean holds(long sequenceNr) {
            return minSequenceNr >= 0 && minSequenceNr <= sequenceNr && sequenceNr <= maxSequenceNr;
        }
    }

    /** The segments in log order, with the entity's sequence numbers in each. */
    public List<SegmentInfo> segments(String persistenceId) {
        return index.segments().stream().map(s -> {
            Segment.SeqSpan span = s.span(persistenceId);
            return new SegmentInfo(s.path(), s.firstLogIndex(), s.lastLogIndex(),
                    span == null ? -1 : span.minSeqNr(), span == null ? -1 : span.maxSeqNr());
        }).toList();
    }

    public CompletableFuture<Long> append(LogRecord record) {
        return append(List.of(record));
    }

    /**
     * Appends records atomically: after a crash either all of them are in the log or none.
     *
     * @return completes with the log index of the last record once durable; fails with
     * {@link IllegalArgumentException} when a sequence number does not grow or the records do not
     * fit in a segment, {@link LogOverloadedException}, {@link LogPoisonedException} or
     * {@link LogClosedException}
     */
    public CompletableFuture<Long> append(List<LogRecord> records) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (records.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("nothing to append"));
        }
        byte[][] pids = new byte[records.size()][];
        long encoded = 0;
        for (int i = 0; i < records.size(); i++) {
            LogRecord r = Objects.requireNonNull(records.get(i), "record");
            pids[i] = LogRecord.checkPersistenceId(r.persistenceId());
            encoded += LogFormat.appendEntrySize(pids[i].length, r.data().length);
        }
        long frameBytes = LogFormat.frameSize(LogFormat.BODY_OVERHEAD + encoded);
        if (frameBytes > config.maxFrameBytes()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("records need a frame of "
                    + frameBytes + " bytes; a segment of " + config.segmentSizeBytes() + " bytes holds at most "
                    + config.maxFrameBytes()));
        }
        int bytes = (int) encoded;
        return enqueue(new WriteRequest.Append(List.copyOf(records), pids, bytes, permits(bytes), future), future);
    }

    /**
     * Deletes the entity's records up to {@code toSequenceNr} (inclusive, clamped to its highest
     * sequence number). The deletion marker is durable when the future completes; segments that
     * hold only deleted records are removed then too. The highest sequence number is kept.
     *
     * @return completes with the entity's deletion watermark after this call
     */
    public CompletableFuture<Long> deleteTo(String persistenceId, long toSequenceNr) {
        byte[] pid = LogRecord.checkPersistenceId(persistenceId);
        if (toSequenceNr < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "toSequenceNr must be >= 0, was " + toSequenceNr));
        }
        CompletableFuture<Long> future = new CompletableFuture<>();
        int bytes = LogFormat.deleteEntrySize(pid.length);
        return enqueue(new WriteRequest.DeleteTo(persistenceId, pid, toSequenceNr, permits(bytes), future), future);
    }

    private int permits(int encodedBytes) {
        return Math.min(encodedBytes, maxPermits);
    }

    private <T> CompletableFuture<T> enqueue(WriteRequest request, CompletableFuture<T> future) {
        LogPoisonedException poisoned = writer.poisoned();
        if (poisoned != null) {
            return CompletableFuture.failedFuture(poisoned);
        }
        closeLock.readLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new LogClosedException("the journal in "
                        + config.directory() + " is closed"));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.enqueueTimeoutMs());
            if (!queuedBytes.tryAcquire(request.permits(), config.enqueueTimeoutMs(), TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(overloaded());
            }
            if (!queue.offer(request, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                queuedBytes.release(request.permits());
                return CompletableFuture.failedFuture(overloaded());
            }
            return future;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } finally {
            closeLock.readLock().unlock();
        }
    }

    private LogOverloadedException overloaded() {
        return new LogOverloadedException("the journal's append queue (" + config.maxQueuedRequests()
                + " requests / " + config.maxQueuedBytes() + " bytes) stayed full for "
                + config.enqueueTimeoutMs() + " ms: the disk cannot keep up");
    }

    /** Highest sequence number ever appended for the entity (kept after deletion), 0 if none. */
    public long highestSequenceNr(String persistenceId) {
        return index.entity(persistenceId).highestSeqNr();
    }

    /** The entities that ever appended or deleted in the segments on disk. */
    public java.util.Set<String> persistenceIds() {
        return java.util.Set.copyOf(index.entities().keySet());
    }

    /** Sequence number up to which the entity's records are deleted, 0 if none. */
    public long deletedToSequenceNr(String persistenceId) {
        return index.entity(persistenceId).deletedToSeqNr();
    }

    /**
     * Reads the entity's acknowledged, undeleted records with {@code fromSequenceNr <= seq <=
     * toSequenceNr}, in order, at most {@code max} of them, on the calling thread.
     *
     * @return how many records were passed to {@code consumer}
     * @throws LogCorruptedException when a frame that was valid at open no longer is
     */
    public long replay(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
                       Consumer<LogRecord> consumer) throws IOException {
        EntityState state = index.entity(persistenceId);
        long from = Math.max(fromSequenceNr, state.deletedToSeqNr() + 1);
        if (max <= 0 || toSequenceNr < from) {
            return 0;
        }
        ReplayVisitor visitor = new ReplayVisitor(persistenceId, from, toSequenceNr, max, consumer);
        for (Segment segment : index.segments()) {
            Segment.SeqSpan span = segment.span(persistenceId);
            if (span == null || span.maxSeqNr() < from || span.minSeqNr() > toSequenceNr) {
                continue;
            }
            replaySegment(segment, visitor);
            if (visitor.done()) {
                break;
            }
        }
        return visitor.count;
    }

    private void replaySegment(Segment segment, ReplayVisitor visitor) throws IOException {
        long end = segment.endOffset();
        try (FileChannel channel = config.channelFactory().open(segment.path(), StandardOpenOption.READ)) {
            FrameReader reader = new FrameReader(channel, LogFormat.SEGMENT_HEADER_SIZE, end,
                    LogRecovery.maxBodyLength(Math.max(segment.capacityBytes(), config.segmentSizeBytes())));
            while (!visitor.done()) {
                FrameReader.Result next = reader.next();
                if (next instanceof FrameReader.Frame f) {
                    try {
                        LogFormat.decodeBody(f.body(), visitor);
                    } catch (LogFormat.MalformedFrameException e) {
                        throw new LogCorruptedException(segment.path(), f.offset(), e.getMessage());
                    }
                } else if (next instanceof FrameReader.Invalid bad) {
                    throw new LogCorruptedException(segment.path(), bad.offset(), "a frame acknowledged earlier now reads as "
                            + bad.problem() + " during replay");
                } else {
                    return;
                }
            }
        } catch (NoSuchFileException e) {
            if (index.segments().contains(segment)) {
                throw e;
            }
            // Retention removed it meanwhile: everything in it was deleted, nothing to replay.
        }
    }

    /** Counters since open. */
    public LogStats stats() {
        return writer.stats();
    }

    /** The failure that poisoned the log, or null while it accepts writes. */
    public LogPoisonedException failure() {
        return writer.poisoned();
    }

    public LogConfig config() {
        return config;
    }

    /** Writes what is queued, then stops the writer and releases the files. Idempotent. */
    @Override
    public void close() throws IOException {
        closeLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closeLock.writeLock().unlock();
        }
        try {
            queue.put(new WriteRequest.Shutdown());
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writerThread.interrupt();
            throw new IOException("interrupted while closing the journal in " + config.directory(), e);
        }
    }

    /** Collects one entity's records from frame bodies. */
    private static final class ReplayVisitor implements LogFormat.EntryVisitor {
        private final String persistenceId;
        private final long from;
        private final long to;
        private final long max;
        private final Consumer<LogRecord> consumer;
        private long count;
        private boolean pastEnd;

        ReplayVisitor(String persistenceId, long from, long to, long max, Consumer<LogRecord> consumer) {
            this.persistenceId = persistenceId;
            this.from = from;
            this.to = to;
            this.max = max;
            this.consumer = consumer;
        }

        boolean done() {
            return pastEnd || count >= max;
        }

        @Override
        public void append(long logIndex, String pid, long sequenceNr, ByteBuffer data) {
            if (done() || !pid.equals(persistenceId) || sequenceNr < from) {
                return;
            }
            if (sequenceNr > to) {
                pastEnd = true;
                return;
            }
            byte[] bytes = new byte[data.remaining()];
            data.get(data.position(), bytes);
            consumer.accept(new LogRecord(pid, sequenceNr, bytes));
            count++;
        }

        @Override
        public void deleteTo(long logIndex, String pid, long toSequenceNr) {
            // Deletion was applied to the range before reading.
        }
    }
}
