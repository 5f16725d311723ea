package io.warden.persistence.journal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the log knows about one segment file. Only the writer thread (or recovery, before the
 * writer starts) mutates it; readers see a consistent prefix because {@link #endOffset} is
 * published after the entries below it were indexed.
 */
final class Segment {

    /** The lowest and highest sequence number one entity appended in this segment. */
    record SeqSpan(long minSeqNr, long maxSeqNr) {
        SeqSpan including(long seqNr) {
            return new SeqSpan(Math.min(minSeqNr, seqNr), Math.max(maxSeqNr, seqNr));
        }
    }

    private final Path path;
    private final long firstLogIndex;
    private final long capacityBytes;
    private final Map<String, SeqSpan> appendSpans = new ConcurrentHashMap<>();
    private volatile long endOffset;
    private volatile long lastLogIndex;

    Segment(Path path, long firstLogIndex, long capacityBytes) {
        this.path = path;
        this.firstLogIndex = firstLogIndex;
        this.capacityBytes = capacityBytes;
        this.endOffset = LogFormat.SEGMENT_HEADER_SIZE;
        this.lastLogIndex = firstLogIndex - 1;
    }

    Path path() {
        return path;
    }

    long firstLogIndex() {
        return firstLogIndex;
    }

    long capacityBytes() {
        return capacityBytes;
    }

    /** Offset just past the last acknowledged frame. */
    long endOffset() {
        return endOffset;
    }

    long lastLogIndex() {
        return lastLogIndex;
    }

    boolean isEmpty() {
        return lastLogIndex < firstLogIndex;
    }

    Map<String, SeqSpan> appendSpans() {
        return appendSpans;
    }

    SeqSpan span(String persistenceId) {
        return appendSpans.get(persistenceId);
    }

    void recordAppend(String persistenceId, long sequenceNr) {
        appendSpans.merge(persistenceId, new SeqSpan(sequenceNr, sequenceNr),
                (old, fresh) -> old.including(sequenceNr));
    }

    void advance(long newEndOffset, long newLastLogIndex) {
        if (newEndOffset < endOffset || newEndOffset > capacityBytes || newLastLogIndex < lastLogIndex) {
            throw new IllegalStateException("segment " + path.getFileName() + " cannot move from offset "
                    + endOffset + "/index " + lastLogIndex + " to " + newEndOffset + "/" + newLastLogIndex);
        }
        this.lastLogIndex = newLastLogIndex;
        this.endOffset = newEndOffset;
    }

    @Override
    public String toString() {
        return path.getFileName() + "[" + firstLogIndex + ".." + lastLogIndex + ", end " + endOffset + "]";
    }
}
