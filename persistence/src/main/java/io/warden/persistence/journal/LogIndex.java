package io.warden.persistence.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory map of the log: its segments in log order and, per entity, the highest
 * sequence number, the deletion watermark and where its latest deletion marker lives. Rebuilt
 * from the files on open; afterwards mutated only by the writer thread, read by anyone.
 */
final class LogIndex {

    /**
     * @param markerSegment first log index of the segment holding the entity's latest deletion
     *                      marker, or -1 when it never deleted; that segment must outlive the
     *                      marker's effect, so retention carries such markers forward
     */
    record EntityState(long highestSeqNr, long deletedToSeqNr, long markerSegment) {
        static final EntityState NONE = new EntityState(0, 0, -1);
    }

    private final Map<String, EntityState> entities = new ConcurrentHashMap<>();
    private volatile List<Segment> segments = List.of();

    List<Segment> segments() {
        return segments;
    }

    Segment lastSegment() {
        List<Segment> current = segments;
        return current.isEmpty() ? null : current.get(current.size() - 1);
    }

    void addSegment(Segment segment) {
        List<Segment> next = new ArrayList<>(segments);
        if (!next.isEmpty() && next.get(next.size() - 1).firstLogIndex() >= segment.firstLogIndex()) {
            throw new IllegalStateException("segment " + segment + " does not follow " + next.get(next.size() - 1));
        }
        next.add(segment);
        segments = List.copyOf(next);
    }

    void removeOldestSegments(int count) {
        List<Segment> current = segments;
        if (count >= current.size()) {
            throw new IllegalStateException("retention may never remove the active segment");
        }
        segments = List.copyOf(current.subList(count, current.size()));
    }

    EntityState entity(String persistenceId) {
        return entities.getOrDefault(persistenceId, EntityState.NONE);
    }

    Map<String, EntityState> entities() {
        return entities;
    }

    void applyAppend(Segment segment, String persistenceId, long sequenceNr) {
        segment.recordAppend(persistenceId, sequenceNr);
        entities.compute(persistenceId, (pid, old) -> {
            EntityState s = old == null ? EntityState.NONE : old;
            return new EntityState(Math.max(s.highestSeqNr(), sequenceNr), s.deletedToSeqNr(), s.markerSegment());
        });
    }

    void applyDeleteTo(Segment segment, String persistenceId, long toSequenceNr) {
        entities.compute(persistenceId, (pid, old) -> {
            EntityState s = old == null ? EntityState.NONE : old;
            return new EntityState(Math.max(s.highestSeqNr(), toSequenceNr),
                    Math.max(s.deletedToSeqNr(), toSequenceNr), segment.firstLogIndex());
        });
    }
}
