package io.warden.persistence.journal;

import io.warden.persistence.journal.LogIndex.EntityState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that writes the log: group commit, segment rollover and retention.
 *
 * <p>Group commit: it takes one request, then everything else already queued (up to
 * {@link LogConfig#maxBatchBytes()}), encodes them as one frame, writes it and fsyncs once.
 * While that fsync runs, new requests queue up and become the next batch, so the number of
 * fsyncs per append falls as concurrency grows. Only after the fsync returned are the entries
 * indexed (visible to replay) and the futures completed. Futures complete on this thread:
 * callers should keep their continuations short or use the async variants.
 *
 * <p>Poisoning: when a write, fsync or rollover fails, the batch fails and so does every
 * later request, because after a failed fsync the page cache may no longer hold what was
 * written and nothing later may be called durable. Acknowledged frames are untouched.
 */
final class LogWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    private final LogConfig config;
    private final LogIndex index;
    private final BlockingQueue<WriteRequest> queue;
    private final Semaphore queuedBytes;
    private final SegmentPreallocator preallocator;
    private final FrameBuilder frame;
    private final int batchLimitBytes;
    private long nextLogIndex;
    private FileChannel channel;
    private Segment segment;
    private WriteRequest carry;
    private volatile LogPoisonedException poisoned;

    private volatile long appendRequests;
    private volatile long recordsAppended;
    private volatile long framesWritten;
    private volatile long fsyncs;
    private volatile long bytesWritten;
    private volatile long segmentsCreated;
    private volatile long segmentsDeleted;

    LogWriter(LogConfig config, LogIndex index, long nextLogIndex, BlockingQueue<WriteRequest> queue,
              Semaphore queuedBytes) throws IOException {
        this.config = config;
        this.index = index;
        this.nextLogIndex = nextLogIndex;
        this.queue = queue;
        this.queuedBytes = queuedBytes;
        this.preallocator = new SegmentPreallocator(config);
        this.batchLimitBytes = Math.min(config.maxBatchBytes(), config.maxFrameBytes());
        this.frame = new FrameBuilder(Math.min(batchLimitBytes, 1 << 20) + 64, config.maxFrameBytes());
        this.segment = index.lastSegment();
        if (segment != null) {
            channel = config.channelFactory().open(segment.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }

    LogPoisonedException poisoned() {
        return poisoned;
    }

    LogStats stats() {
        return new LogStats(appendRequests, recordsAppended, framesWritten, fsyncs, bytesWritten,
                segmentsCreated, segmentsDeleted, queue.size());
    }

    @Override
    public void run() {
        try {
            boolean shutdown = false;
            while (!shutdown) {
                WriteRequest first = carry != null ? carry : queue.take();
                carry = null;
                List<WriteRequest> batch = new ArrayList<>();
                shutdown = gather(first, batch);
                try {
                    process(batch);
                } catch (Throwable t) {
                    // Whatever escaped (an Error in segment retention, a bug): the log is poisoned
                    // and this thread keeps draining the queue, failing every write fast, so no
                    // caller waits forever and the log's owner stops on the failure.
                    poison(t);
                    batch.forEach(r -> fail(r, poisoned));
                } finally {
                    for (WriteRequest r : batch) {
                        queuedBytes.release(r.permits());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failRemaining(new LogClosedException("the journal in " + config.directory() + " was closed"));
            closeQuietly();
        }
    }

    /** Fills {@code batch}; returns true when the shutdown request was reached. */
    private boolean gather(WriteRequest first, List<WriteRequest> batch) {
        if (first instanceof WriteRequest.Shutdown) {
            return true;
        }
        batch.add(first);
        long bytes = first.encodedBytes();
        WriteRequest next;
        while ((next = queue.poll()) != null) {
            if (next instanceof WriteRequest.Shutdown) {
                return true;
            }
            if (LogFormat.frameSize(LogFormat.BODY_OVERHEAD + bytes + next.encodedBytes()) > batchLimitBytes) {
                carry = next;
                return false;
            }
            bytes += next.encodedBytes();
            batch.add(next);
        }
        return false;
    }

    private void process(List<WriteRequest> batch) {
        if (poisoned != null) {
            batch.forEach(r -> fail(r, poisoned));
            return;
        }
        List<Staged> deletions;
        try {
            deletions = writeBatch(batch);
        } catch (IOException | RuntimeException | Error e) {
            poison(e);
            batch.forEach(r -> fail(r, poisoned));
            return;
        }
        if (!deletions.isEmpty()) {
            try {
                applyRetention();
            } catch (IOException | RuntimeException e) {
                // The markers are durable, so deletion is already in effect for replay; the files
                // stay until the next deletion retries. Failing here would misreport the delete.
                LOG.warn("Journal {}: removing redundant segments failed, will retry on the next deletion",
                        config.directory(), e);
            }
            // Completed after retention so a caller that waited sees the files already gone.
            deletions.forEach(d -> complete(d.request(), d.result()));
        }
    }

    /** A request that made it into the frame, with what its future will get. */
    private record Staged(WriteRequest request, long result) {
    }

    /**
     * Encodes, writes and fsyncs one frame for the batch and completes its appends; returns its
     * deletions, still to be completed.
     */
    private List<Staged> writeBatch(List<WriteRequest> batch) throws IOException {
        frame.begin(nextLogIndex);
        Map<String, Long> batchHighest = new HashMap<>();
        Map<String, Long> batchDeleted = new HashMap<>();
        List<Staged> staged = new ArrayList<>(batch.size());
        for (WriteRequest r : batch) {
            if (r instanceof WriteRequest.Append a) {
                String problem = checkSequence(a, batchHighest);
                if (problem != null) {
                    a.future().completeExceptionally(new IllegalArgumentException(problem));
                    continue;
                }
                for (int i = 0; i < a.records().size(); i++) {
                    LogRecord rec = a.records().get(i);
                    frame.putAppend(a.pidUtf8()[i], rec.sequenceNr(), rec.data());
                    batchHighest.put(rec.persistenceId(), rec.sequenceNr());
                }
                staged.add(new Staged(a, nextLogIndex + frame.count() - 1));
            } else if (r instanceof WriteRequest.DeleteTo d) {
                String pid = d.persistenceId();
                EntityState s = index.entity(pid);
                long highest = batchHighest.getOrDefault(pid, s.highestSeqNr());
                long already = batchDeleted.getOrDefault(pid, s.deletedToSeqNr());
                // Markers only grow and never pass the highest sequence number, so the latest
                // marker alone says how far an entity is deleted, and later appends stay alive.
                long to = Math.max(already, Math.min(d.toSequenceNr(), highest));
                frame.putDeleteTo(d.pidUtf8(), to);
                batchDeleted.put(pid, to);
                staged.add(new Staged(d, to));
            } else {
                throw new IllegalStateException("unexpected request in a batch: " + r);
            }
        }
        if (staged.isEmpty()) {
            return List.of();
        }
        writeFrame(staged);
        List<Staged> deletions = new ArrayList<>();
        for (Staged s : staged) {
            if (s.request() instanceof WriteRequest.DeleteTo) {
                deletions.add(s);
            } else {
                complete(s.request(), s.result());
            }
        }
        return deletions;
    }

    private String checkSequence(WriteRequest.Append a, Map<String, Long> batchHighest) {
        Map<String, Long> seen = new HashMap<>();
        for (LogRecord rec : a.records()) {
            String pid = rec.persistenceId();
            long highest = seen.getOrDefault(pid, batchHighest.getOrDefault(pid, index.entity(pid).highestSeqNr()));
            if (rec.sequenceNr() <= highest) {
                return "sequence numbers of " + pid + " must grow: got " + rec.sequenceNr()
                        + " after " + highest;
            }
            seen.put(pid, rec.sequenceNr());
        }
        return null;
    }

    /** Writes the frame built so far, fsyncs, then indexes what it holds. */
    private void writeFrame(List<Staged> staged) throws IOException {
        int count = frame.count();
        ByteBuffer bytes = frame.finish();
        long size = bytes.remaining();
        if (segment == null || segment.endOffset() + size > segment.capacityBytes()) {
            rollover();
        }
        long at = segment.endOffset();
        while (bytes.hasRemaining()) {
            channel.write(bytes, at + bytes.position());
        }
        if (config.forceSync()) {
            channel.force(false);
            fsyncs++;
        }
        for (Staged s : staged) {
            if (s.request() instanceof WriteRequest.Append a) {
                for (LogRecord rec : a.records()) {
                    index.applyAppend(segment, rec.persistenceId(), rec.sequenceNr());
                }
                appendRequests++;
                recordsAppended += a.records().size();
            } else if (s.request() instanceof WriteRequest.DeleteTo d) {
                index.applyDeleteTo(segment, d.persistenceId(), s.result());
            }
        }
        segment.advance(at + size, nextLogIndex + count - 1);
        nextLogIndex += count;
        if (segment.endOffset() > segment.capacityBytes() / 2) {
            // Not earlier: zero-filling a spare competes with appends for the disk, so it
            // waits until the active segment is half full (and never runs at start-up).
            preallocator.prepare();
        }
        framesWritten++;
        bytesWritten += size;
    }

    /** Closes the full segment durably and moves to the prepared spare. */
    private void rollover() throws IOException {
        if (channel != null) {
            channel.force(false);
            fsyncs++;
            channel.close();
            channel = null;
        }
        Path spare = preallocator.take();
        Path target = config.directory().resolve(LogFormat.segmentName(nextLogIndex));
        Files.move(spare, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory();
        channel = config.channelFactory().open(target, StandardOpenOption.READ, StandardOpenOption.WRITE);
        segment = new Segment(target, nextLogIndex, config.segmentSizeBytes());
        index.addSegment(segment);
        segmentsCreated++;
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(config.directory(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * Deletes the oldest segments whose appends are all deleted. A segment that still holds an
     * entity's latest deletion marker would take that marker's effect with it, so such markers
     * are first written again into the active segment.
     */
    private void applyRetention() throws IOException {
        List<Segment> segments = index.segments();
        int removable = 0;
        Set<String> carried = new LinkedHashSet<>();
        for (int i = 0; i < segments.size() - 1 && allAppendsDeleted(segments.get(i)); i++) {
            long first = segments.get(i).firstLogIndex();
            index.entities().forEach((pid, s) -> {
                if (s.markerSegment() == first) {
                    carried.add(pid);
                }
            });
            removable++;
        }
        if (removable == 0) {
            return;
        }
        if (!carried.isEmpty()) {
            carryMarkersForward(carried);
        }
        for (int i = 0; i < removable; i++) {
            Files.deleteIfExists(segments.get(i).path());
            // One directory fsync per file keeps the deletions in order across a crash, so the
            // surviving segments always stay a contiguous suffix of the log.
            fsyncDirectory();
        }
        index.removeOldestSegments(removable);
        segmentsDeleted += removable;
        LOG.debug("Journal {}: removed {} segments made redundant by deletions", config.directory(), removable);
    }

    private boolean allAppendsDeleted(Segment s) {
        for (Map.Entry<String, Segment.SeqSpan> e : s.appendSpans().entrySet()) {
            if (e.getValue().maxSeqNr() > index.entity(e.getKey()).deletedToSeqNr()) {
                return false;
            }
        }
        return true;
    }

    private void carryMarkersForward(Set<String> persistenceIds) throws IOException {
        frame.begin(nextLogIndex);
        List<Staged> staged = new ArrayList<>();
        for (String pid : persistenceIds) {
            long to = index.entity(pid).deletedToSeqNr();
            byte[] utf8 = LogRecord.checkPersistenceId(pid);
            frame.putDeleteTo(utf8, to);
            staged.add(new Staged(new WriteRequest.DeleteTo(pid, utf8, to, 0, null), to));
        }
        try {
            writeFrame(staged);
        } catch (IOException | RuntimeException e) {
            poison(e);
            throw e;
        }
    }

    private void complete(WriteRequest r, long result) {
        if (r instanceof WriteRequest.Append a) {
            a.future().complete(result);
        } else if (r instanceof WriteRequest.DeleteTo d) {
            d.future().complete(result);
        }
    }

    private static void fail(WriteRequest r, Throwable cause) {
        if (r instanceof WriteRequest.Append a) {
            a.future().completeExceptionally(cause);
        } else if (r instanceof WriteRequest.DeleteTo d) {
            d.future().completeExceptionally(cause);
        }
    }

    private void poison(Throwable cause) {
        if (poisoned != null) {
            return;
        }
        String where = segment == null ? String.valueOf(config.directory())
                : segment.path() + " at offset " + segment.endOffset();
        poisoned = new LogPoisonedException("journal write failed in " + where + " (" + cause
                + "); the journal refuses all further writes until it is reopened", cause);
        LOG.error("Journal {} poisoned: nothing written after this failure will be acknowledged",
                config.directory(), cause);
    }

    /** Fails whatever is still queued once the thread stops. */
    private void failRemaining(LogException cause) {
        List<WriteRequest> rest = new ArrayList<>();
        if (carry != null) {
            rest.add(carry);
            carry = null;
        }
        queue.drainTo(rest);
        for (WriteRequest r : rest) {
            fail(r, poisoned != null ? poisoned : cause);
            queuedBytes.release(r.permits());
        }
    }

    private void closeQuietly() {
        preallocator.close();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Journal {}: closing the active segment failed", config.directory(), e);
            }
        }
    }
}
