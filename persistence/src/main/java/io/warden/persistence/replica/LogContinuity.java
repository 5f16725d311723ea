package io.warden.persistence.replica;

import io.warden.api.data.Zxid;
import io.warden.persistence.fs.DurableDirectories;
import io.warden.persistence.journal.LogConfig;
import io.warden.persistence.journal.LogRecord;
import io.warden.persistence.journal.SegmentedLog;
import io.warden.persistence.journal.SegmentedLog.SegmentInfo;
import io.warden.persistence.journal.SerializedEvent;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.replica.ReplicaEvent.TruncatedTo;
import io.warden.persistence.snapstore.SnapshotCorruptedException;
import io.warden.persistence.snapstore.SnapshotDirectory;
import io.warden.persistence.snapstore.SnapshotHeader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check that the journal continues the snapshot recovery will start from, so that a
 * lost, emptied or misplaced log stops start-up instead of silently dropping acknowledged txns.
 *
 * <p>Recovery loads the newest valid snapshot (journal sequence number S, last logged zxid Z) and
 * replays the journal from S+1. A snapshot at S is taken only after entry S is durable, and
 * retention deletes entries only up to the oldest kept snapshot, so a healthy journal holds every
 * entry from S+1 to its highest, in order, and the first logged txn after S follows Z. This class
 * checks exactly that and names what breaks it, with the files and the zxids lost:
 * <ul>
 * <li>the log ends before S (its newest segments are gone, or dataLogDir is empty or another
 *     directory): every txn acknowledged after Z is lost;</li>
 * <li>entries are missing between S+1 and the highest (the oldest segments are gone, or one in
 *     the middle, or there is no snapshot but the log does not start at 1);</li>
 * <li>the log's txns do not follow the snapshot's zxid (the log of another node or directory);</li>
 * <li>the log installed a leader's snapshot (ZAB SNAP, ADR 0018) that recovery would not start
 *     from: that snapshot is gone or damaged, and the entries after the install belong to its tree.
 *     An install's snapshot sits at the sequence number of its SnapshotInstallBegun entry, so a log
 *     that ends there (a crash before SnapshotInstalled) continues it.</li>
 * </ul>
 * Not detectable: newest segments lost while what is left still reaches S (that looks like a
 * crash before those writes), and another node's log whose zxids line up exactly with this one's.
 *
 * <p>The override ({@code snapshot.trust.empty}, ZooKeeper's knob for starting on a log and
 * snapshots that disagree) starts from the snapshot and the part of the log that continues it,
 * with a WARN. Segments past the break cannot be replayed onto the snapshot; they are moved into a
 * {@code set-aside-<millis>} folder of the journal directory, never deleted, so the next start
 * is clean and an operator can still read them with LogDump.
 */
public final class LogContinuity {
    private static final Logger LOG = LoggerFactory.getLogger(LogContinuity.class);
    /** The zoo.cfg key of the override; ZooKeeper reads it as {@code -Dzookeeper.snapshot.trust.empty}. */
    public static final String OVERRIDE = "snapshot.trust.empty";

    private LogContinuity() {
    }

    /**
     * What breaks the log's continuity.
     *
     * @param message      one line: the paths and the zxids that are missing
     * @param unreplayable segment files past the break, which recovery could not replay
     */
    public record Break(String message, List<Path> unreplayable) {
        public Break {
            unreplayable = List.copyOf(unreplayable);
        }
    }

    /** Start-up refused: the journal does not continue the snapshot. */
    public static final class LogBreakException extends IOException {
        public LogBreakException(String message) {
            super(message);
        }
    }

    /**
     * Refuses (throws {@link LogBreakException}) when the journal does not continue the snapshot,
     * unless {@code trustOverride}: then it WARNs and sets the unreplayable segments aside.
     */
    public static void verify(LogConfig journal, Path snapshotDir, String persistenceId, boolean trustOverride)
            throws IOException {
        Break found = check(journal, snapshotDir, persistenceId);
        if (found == null) {
            return;
        }
        if (!trustOverride) {
            throw new LogBreakException(found.message() + ". Refusing to start: restore the missing files or fix"
                    + " dataDir/dataLogDir; to start anyway from what is left, accepting that loss, set "
                    + OVERRIDE + "=true in zoo.cfg (or -Dzookeeper." + OVERRIDE + "=true) for one start");
        }
        String aside = found.unreplayable().isEmpty() ? "nothing to set aside"
                : found.unreplayable().size() + " segment(s) that cannot be replayed onto it moved to "
                + setAside(journal.directory(), found.unreplayable());
        LOG.warn("{}. Starting anyway because {} is set: recovery starts from the snapshot and the log that"
                + " continues it; {}", found.message(), OVERRIDE, aside);
    }

    /** The break in the journal's continuity of the newest valid snapshot, or null when there is none. */
    public static Break check(LogConfig journal, Path snapshotDir, String persistenceId) throws IOException {
        SnapshotPoint snapshot = newestValidSnapshot(snapshotDir, persistenceId);
        try (SegmentedLog log = SegmentedLog.openAcceptingMissingSegments(journal)) {
            Walk walk = new Walk(log, persistenceId, snapshot, journal.directory());
            log.replay(persistenceId, Math.max(1, snapshot.seqNr()), Long.MAX_VALUE, Long.MAX_VALUE, walk::accept);
            return walk.finish();
        }
    }

    /** Where recovery starts: the snapshot (null file and zeros when there is none). */
    private record SnapshotPoint(Path file, long seqNr, long lastLoggedZxid) {
        String describe() {
            return "snapshot " + file + " (sequence number " + seqNr + ", zxid " + Zxid.toHex(lastLoggedZxid) + ")";
        }
    }

    /** The snapshot the file store will load: the newest that validates, as FileSnapshotStore picks it. */
    private static SnapshotPoint newestValidSnapshot(Path dir, String persistenceId) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new SnapshotPoint(null, 0, 0);
        }
        SnapshotDirectory directory = new SnapshotDirectory(dir);
        List<String> damaged = new ArrayList<>();
        for (SnapshotDirectory.Entry entry : directory.list(persistenceId)) {
            SnapshotDirectory.Validated valid;
            try {
                valid = directory.validate(entry);
            } catch (SnapshotCorruptedException e) {
                damaged.add(e.getMessage());
                continue;
            }
            return new SnapshotPoint(entry.path(), entry.sequenceNr(), lastLoggedZxid(directory, valid));
        }
        if (!damaged.isEmpty()) {
            throw new SnapshotCorruptedException(dir, "every snapshot of " + persistenceId + " is damaged: " + damaged);
        }
        return new SnapshotPoint(null, 0, 0);
    }

    private static long lastLoggedZxid(SnapshotDirectory directory, SnapshotDirectory.Validated snapshot)
            throws IOException {
        SnapshotHeader header = snapshot.header();
        boolean replica = header.format() == SnapshotHeader.Format.STREAMED
                ? header.manifest().equals(ReplicaSnapshot.CODEC_MANIFEST)
                : header.serializerId() == ReplicaSerializer.IDENTIFIER;
        if (!replica) {
            throw new ReplicaFormatException("snapshot " + snapshot.path() + " is not a replica snapshot ("
                    + header.format() + " '" + header.manifest() + "')");
        }
        try (InputStream in = directory.openBody(snapshot)) {
            ReplicaEventCodec.SnapshotHeader state = ReplicaEventCodec.readSnapshotHeader(new DataInputStream(in));
            List<io.warden.persistence.txn.Txn> pending = state.pending();
            return pending.isEmpty() ? state.committedZxid() : pending.get(pending.size() - 1).zxid();
        }
    }

    private static Path setAside(Path journalDir, List<Path> segments) throws IOException {
        Path aside = journalDir.resolve("set-aside-" + System.currentTimeMillis());
        DurableDirectories.create(aside);
        for (Path segment : segments) {
            Files.move(segment, aside.resolve(segment.getFileName()));
        }
        DurableDirectories.REAL.force(aside);
        DurableDirectories.REAL.force(journalDir);
        return aside;
    }

    /** Follows the entries from the snapshot on and remembers the first break. */
    private static final class Walk {
        private final SegmentedLog log;
        private final String persistenceId;
        private final SnapshotPoint snapshot;
        private final Path directory;
        private long expectedSeqNr;
        private long lastZxid;
        private boolean replayedAny;
        private Break found;

        Walk(SegmentedLog log, String persistenceId, SnapshotPoint snapshot, Path directory) {
            this.log = log;
            this.persistenceId = persistenceId;
            this.snapshot = snapshot;
            this.directory = directory;
            this.expectedSeqNr = snapshot.seqNr() + 1;
            this.lastZxid = snapshot.lastLoggedZxid();
        }

        void accept(LogRecord record) {
            if (found != null) {
                return;
            }
            long seqNr = record.sequenceNr();
            ReplicaEvent event = decode(record);
            if (seqNr < expectedSeqNr) {
                // the entry the snapshot was taken after: if it logged txns, the snapshot ends at its last one
                if (event instanceof ProposalsLogged logged && logged.lastZxid() != snapshot.lastLoggedZxid()) {
                    found = new Break("the log in " + directory + " is not the log of " + snapshot.describe()
                            + ": its entry at that sequence number (in " + segmentOf(seqNr) + ") ends at zxid "
                            + Zxid.toHex(logged.lastZxid()) + " (dataLogDir of another node or directory?); txns"
                            + " after zxid " + Zxid.toHex(snapshot.lastLoggedZxid()) + " are missing",
                            segmentsFrom(seqNr));
                }
                return;
            }
            if (seqNr != expectedSeqNr) {
                found = gap(seqNr, event);
                return;
            }
            if (event instanceof ReplicaEvent.SnapshotInstalled installed) {
                found = installNotLoaded(seqNr, installed);
                if (found != null) {
                    return;
                }
                lastZxid = installed.zxid();
            }
            if (event instanceof ProposalsLogged logged && !logged.txns().isEmpty()) {
                long first = logged.txns().get(0).zxid();
                String problem = ReplicaState.zxidOrderProblem(lastZxid, first);
                if (problem != null) {
                    found = new Break("the log in " + directory + " does not continue " + startingPoint() + ": its entry "
                            + seqNr + " (in " + segmentOf(seqNr) + ") starts at zxid " + Zxid.toHex(first) + " ("
                            + problem + "; dataLogDir of another node or directory?); txns after zxid "
                            + Zxid.toHex(lastZxid) + " are missing", segmentsFrom(seqNr));
                    return;
                }
                lastZxid = logged.lastZxid();
            } else if (event instanceof TruncatedTo truncated) {
                lastZxid = Math.min(lastZxid, truncated.zxid());
            }
            replayedAny = true;
            expectedSeqNr = seqNr + 1;
        }

        /**
         * A leader's snapshot installed at seqNr (ZAB SNAP) is only replayable onto the snapshot
         * saved for it, at seqNr - 1, which recovery then starts from. Starting anywhere else means
         * that snapshot is gone or damaged: the entries after it belong to its tree, not this one.
         */
        private Break installNotLoaded(long seqNr, ReplicaEvent.SnapshotInstalled installed) {
            if (snapshot.file() != null && snapshot.seqNr() == seqNr - 1
                    && snapshot.lastLoggedZxid() == installed.zxid()) {
                return null;
            }
            return new Break("the log in " + directory + " installed a leader's snapshot at zxid "
                    + Zxid.toHex(installed.zxid()) + " (entry " + seqNr + ", in " + segmentOf(seqNr)
                    + "), but recovery would start from " + startingPoint() + ": the snapshot saved for the"
                    + " install (sequence number " + (seqNr - 1) + ") is missing or damaged; the installed"
                    + " state and txns after zxid " + Zxid.toHex(installed.zxid()) + " are missing",
                    segmentsFrom(seqNr));
        }

        /** Entries expectedSeqNr..seqNr-1 are missing; seqNr is the first one after the hole. */
        private Break gap(long seqNr, ReplicaEvent event) {
            String next = event instanceof ProposalsLogged logged && !logged.txns().isEmpty()
                    ? "zxid " + Zxid.toHex(logged.txns().get(0).zxid()) : "the entry at sequence number " + seqNr;
            String lost = lastZxid > 0 ? "txns after zxid " + Zxid.toHex(lastZxid) + " and before " + next
                    : "txns before " + next;
            return new Break("the log in " + directory + " misses entries " + expectedSeqNr + ".." + (seqNr - 1)
                    + " between " + startingPoint() + " and " + segmentOf(seqNr) + deletedNote() + ": " + lost
                    + " are missing", deletedCovers(expectedSeqNr) ? allSegments() : segmentsFrom(seqNr));
        }

        Break finish() {
            if (found != null) {
                return found;
            }
            long highest = log.highestSequenceNr(persistenceId);
            if (highest < snapshot.seqNr()) {
                String ends = highest == 0 ? "holds no entries of " + persistenceId
                        : "ends at sequence number " + highest;
                return new Break("the log in " + directory + " " + ends + ", before " + snapshot.describe()
                        + ": the log that held zxid " + Zxid.toHex(snapshot.lastLoggedZxid())
                        + " is gone (newest segments deleted, or dataLogDir empty or pointing elsewhere?), and with it"
                        + " every txn acknowledged after zxid " + Zxid.toHex(snapshot.lastLoggedZxid()), List.of());
            }
            if (highest >= expectedSeqNr && !replayedAny) {
                // everything after the snapshot was deleted by retention: the snapshot that replaced it is gone
                return new Break("the log in " + directory + " misses entries " + expectedSeqNr + ".." + highest
                        + " after " + startingPoint() + deletedNote() + ": txns after zxid " + Zxid.toHex(lastZxid)
                        + " are missing", allSegments());
            }
            return null;
        }

        private String startingPoint() {
            return snapshot.file() == null ? "the start of the log (no snapshot in the snapshot directory)"
                    : snapshot.describe();
        }

        private String deletedNote() {
            long deleted = log.deletedToSequenceNr(persistenceId);
            return deletedCovers(expectedSeqNr) ? " (retention deleted entries up to " + deleted
                    + ": the snapshots that replaced them are gone)" : "";
        }

        private boolean deletedCovers(long seqNr) {
            return log.deletedToSequenceNr(persistenceId) >= seqNr;
        }

        private String segmentOf(long seqNr) {
            for (SegmentInfo s : log.segments(persistenceId)) {
                if (s.holds(seqNr)) {
                    return "segment " + s.path().getFileName();
                }
            }
            return "no segment";
        }

        private List<Path> segmentsFrom(long seqNr) {
            List<Path> from = new ArrayList<>();
            for (SegmentInfo s : log.segments(persistenceId)) {
                if (!from.isEmpty() || s.holds(seqNr)) {
                    from.add(s.path());
                }
            }
            return from;
        }

        private List<Path> allSegments() {
            return log.segments(persistenceId).stream().map(SegmentInfo::path).toList();
        }

        /** Null for an entry this build cannot read as a replica event: only its sequence number counts then. */
        private static ReplicaEvent decode(LogRecord record) {
            SerializedEvent stored = SerializedEvent.decode(record.data());
            if (stored.serializerId() != ReplicaSerializer.IDENTIFIER) {
                return null;
            }
            return ReplicaEventCodec.decode(stored.serializerManifest(), stored.payload());
        }
    }
}
