package io.warden.persistence.replica;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.api.data.Zxid;
import io.warden.persistence.journal.JournalSettings;
import io.warden.persistence.journal.LogConfig;
import io.warden.persistence.journal.SegmentedLog;
import io.warden.persistence.journal.SegmentedLog.SegmentInfo;
import io.warden.persistence.journal.SerializedEvent;
import io.warden.persistence.replica.FileLogHarness.Running;
import io.warden.persistence.replica.LogContinuity.Break;
import io.warden.persistence.replica.LogContinuity.LogBreakException;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.replica.ReplicaLog.StateView;
import io.warden.persistence.snapstore.SnapshotDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up's continuity check on the real file journal and snapshot store: a replica log writes
 * txns with snapshots and retention on small segments, stops, its files are damaged the way an
 * operator or a disk loses them, and {@link LogContinuity} must refuse with the files and the
 * zxids lost; with the override the log starts from the snapshot and what continues it, and the
 * next start needs no override. Without the check, each damaged layout recovered silently with
 * acknowledged txns missing (asserted where it shows: the recovered zxid is below the written one).
 */
class LogContinuityTest {
    private static final String PID = "warden-replica-1";
    private static final int SNAP_COUNT = 100;
    private static final Settings SETTINGS = Settings.DEFAULT.withSnapshots(new SnapshotPolicy(SNAP_COUNT, 3).withPurgeInterval(Duration.ofMillis(50)));

    @TempDir
    Path dir;

    /** What a writing run left: the last zxid it logged and its newest snapshot. */
    record Written(long lastZxid, long snapshotSeqNr, StateView state) {
    }

    private static Config config(Path dir) {
        // small segments, so a few hundred txns span several files
        return ConfigFactory.parseString("warden.persistence.journal.segment-size = 4 KiB")
                .withFallback(FileLogHarness.config(dir));
    }

    private static LogConfig journal(Path dir) {
        return JournalSettings.fromConfig(config(dir).getConfig("warden.persistence.journal")).log();
    }

    private static Path snapshots(Path dir) {
        return dir.resolve("data");
    }

    /** Writes txnCount txns, perAppend per append, and waits for the snapshots (and pruning) to land. */
    private static Written write(Path dir, Workload workload, int txnCount, int perAppend) throws IOException {
        ActorTestKit kit = ActorTestKit.create("writer", config(dir));
        try {
            Running running = FileLogHarness.start(kit, PID, SETTINGS);
            FileLogHarness.write(kit, running, workload, txnCount, perAppend, 4, 0);
            int points = txnCount / SNAP_COUNT;
            await().atMost(FileLogHarness.LONG).untilAsserted(() ->
                    assertEquals(Math.min(3, points), FileLogHarness.snapshotFiles(dir).size()));
            if (points > 3) {
                await().atMost(FileLogHarness.LONG).until(() -> deletedTo(dir) > 0);
            }
            return new Written(workload.lastZxid(), newestSnapshotSeqNr(dir), FileLogHarness.view(kit, running));
        } finally {
            kit.shutdownTestKit();
        }
    }

    private static long deletedTo(Path dir) throws IOException {
        // read a copy: the writer still owns the directory
        Path copy = Files.createTempDirectory("continuity-copy");
        try {
            try (Stream<Path> files = Files.list(dir.resolve("log"))) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".seg")).toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            try (SegmentedLog log = SegmentedLog.open(LogConfig.defaults(copy).withSegmentSizeBytes(4096))) {
                return log.deletedToSequenceNr(PID);
            }
        } finally {
            try (Stream<Path> files = Files.walk(copy)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static long newestSnapshotSeqNr(Path dir) throws IOException {
        return new SnapshotDirectory(snapshots(dir)).list(PID).get(0).sequenceNr();
    }

    /** The last logged zxid of the newest snapshot (a snapshot follows the write that passed a snapCount point). */
    private static long newestSnapshotZxid(Path dir) throws IOException {
        SnapshotDirectory snapshots = new SnapshotDirectory(snapshots(dir));
        SnapshotDirectory.Validated newest = snapshots.validate(snapshots.list(PID).get(0));
        try (var in = new java.io.DataInputStream(snapshots.openBody(newest))) {
            ReplicaEventCodec.SnapshotHeader header = ReplicaEventCodec.readSnapshotHeader(in);
            return header.pending().isEmpty() ? header.committedZxid()
                    : header.pending().get(header.pending().size() - 1).zxid();
        }
    }

    private static List<SegmentInfo> segments(Path dir) throws IOException {
        try (SegmentedLog log = SegmentedLog.open(journal(dir))) {
            return log.segments(PID);
        }
    }

    private static Break check(Path dir) throws IOException {
        return LogContinuity.check(journal(dir), snapshots(dir), PID);
    }

    /** Starts the log (after the check passed or was overridden) and returns what it recovered. */
    private static StateView restart(Path dir) {
        ActorTestKit kit = ActorTestKit.create("restart", config(dir));
        try {
            Running running = FileLogHarness.start(kit, PID, SETTINGS);
            return FileLogHarness.view(kit, running);
        } finally {
            kit.shutdownTestKit();
        }
    }

    /** Restarts and logs five session-creating txns in the next epoch, as a restarted node would. */
    private static StateView restartAndAppend(Path dir) {
        ActorTestKit kit = ActorTestKit.create("restart", config(dir));
        try {
            Running running = FileLogHarness.start(kit, PID, SETTINGS);
            long epoch = Zxid.epoch(running.recovered().committedZxid()) + 1;
            List<Txn> txns = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                txns.add(new Txn(0x7000 + i, i, Zxid.of(epoch, i), 1_800_000_000_000L, new TxnBody.CreateSession(30_000)));
            }
            TestProbe<StatusReply<ReplicaLog.Logged>> reply = kit.createTestProbe();
            running.log().tell(new ReplicaLog.Append(txns, txns.get(4).zxid(), reply.getRef()));
            assertTrue(reply.receiveMessage(FileLogHarness.LONG).isSuccess());
            return FileLogHarness.view(kit, running);
        } finally {
            kit.shutdownTestKit();
        }
    }

    /** The refusal names the journal directory and the zxid after which txns are missing. */
    private void assertRefused(Path dir, long missingAfterZxid, String... more) throws IOException {
        LogBreakException refused = assertThrows(LogBreakException.class,
                () -> LogContinuity.verify(journal(dir), snapshots(dir), PID, false));
        String message = refused.getMessage();
        System.out.println("refused: " + message);
        assertTrue(message.contains(dir.resolve("log").toString()), message);
        assertTrue(message.contains("after zxid " + Zxid.toHex(missingAfterZxid)), message);
        assertTrue(message.contains(LogContinuity.OVERRIDE + "=true"), message);
        assertTrue(!message.contains("\n"), "one line: " + message);
        for (String m : more) {
            assertTrue(message.contains(m), message);
        }
    }

    /**
     * With the override the log starts from the snapshot and what continues it (recovering
     * expectedZxid), takes writes, and the next start needs no override.
     */
    private void assertOverrideStarts(Path dir, long expectedZxid) throws IOException {
        LogContinuity.verify(journal(dir), snapshots(dir), PID, true);
        StateView started = restartAndAppend(dir);
        long appended = Zxid.of(Zxid.epoch(expectedZxid) + 1, 5);
        assertEquals(appended, started.lastLoggedZxid());
        assertNull(check(dir), "after one overridden start the log is whole again");
        assertEquals(appended, restart(dir).lastLoggedZxid());
    }

    private static void delete(List<SegmentInfo> doomed) throws IOException {
        for (SegmentInfo s : doomed) {
            Files.delete(s.path());
        }
    }

    private static Workload workload() {
        return new Workload(Workload.seed("LogContinuityTest"));
    }

    @Test
    void aFreshNodeWithNoSnapshotAndNoLogStarts() throws IOException {
        assertNull(check(dir));
        assertEquals(0, restart(dir).lastLoggedZxid());
    }

    @Test
    void aLogPrunedByRetentionStillContinuesItsOldestKeptSnapshotAndStarts() throws IOException {
        Written written = write(dir, workload(), 4 * SNAP_COUNT + 30, 5);
        assertTrue(segments(dir).get(0).firstLogIndex() > 1, "retention deleted the oldest segments");
        assertNull(check(dir));
        LogContinuity.verify(journal(dir), snapshots(dir), PID, false);
        StateView recovered = restart(dir);
        assertEquals(written.lastZxid(), recovered.lastLoggedZxid());
        assertEquals(written.state().tree().digest(), recovered.tree().digest());
    }

    @Test
    void oldestSegmentsLost_theLogStartsAfterTheSnapshot_isRefused() throws IOException {
        Written written = write(dir, workload(), 3 * SNAP_COUNT + 60, 5);
        long s = written.snapshotSeqNr();
        List<SegmentInfo> all = segments(dir);
        System.out.println("segments " + all + ", newest snapshot at " + s);
        int upTo = indexHolding(all, s + 1);
        assertTrue(upTo < all.size() - 1, "a later segment survives: " + all);
        delete(all.subList(0, upTo + 1));
        long snapshotZxid = newestSnapshotZxid(dir);

        assertRefused(dir, snapshotZxid, "misses entries " + (s + 1) + "..");
        assertOverrideStarts(dir, snapshotZxid);
    }

    @Test
    void newestSegmentLost_theLogEndsBeforeTheSnapshot_isRefused() throws IOException {
        Written written = write(dir, workload(), 3 * SNAP_COUNT, 5);
        List<SegmentInfo> all = segments(dir);
        System.out.println("segments " + all + ", newest snapshot at " + written.snapshotSeqNr());
        // from the segment holding the snapshot's entry on: the newest segment may hold only the
        // purge's deletion marker, and losing that alone loses no entry
        delete(all.subList(indexHolding(all, written.snapshotSeqNr()), all.size()));

        assertRefused(dir, written.lastZxid(), "ends at sequence number", "before snapshot");
        assertOverrideStarts(dir, written.lastZxid());
    }

    @Test
    void aSegmentMissingInTheMiddle_isRefusedWithTheZxidsOnBothSides() throws IOException {
        Written written = write(dir, workload(), 3 * SNAP_COUNT + 99, 3);
        long s = written.snapshotSeqNr();
        List<SegmentInfo> all = segments(dir);
        System.out.println("segments " + all + ", newest snapshot at " + s);
        int first = indexHolding(all, s + 1);
        assertTrue(first + 2 < all.size(), "two segments after the one continuing the snapshot: " + all);
        SegmentInfo lost = all.get(first + 1);
        long lastBefore = logged(dir, lost.minSequenceNr() - 1).lastZxid();
        long firstAfter = logged(dir, lost.maxSequenceNr() + 1).txns().get(0).zxid();
        delete(List.of(lost));

        assertRefused(dir, lastBefore, "and before zxid " + Zxid.toHex(firstAfter),
                "misses entries " + lost.minSequenceNr() + ".." + lost.maxSequenceNr());
        assertOverrideStarts(dir, lastBefore);
    }

    @Test
    void anEmptyDataLogDirBesideSnapshots_isRefused() throws IOException {
        Written written = write(dir, workload(), 3 * SNAP_COUNT, 5);
        delete(segments(dir));

        assertRefused(dir, written.lastZxid(), "holds no entries of " + PID);
        assertOverrideStarts(dir, written.lastZxid());
    }

    @Test
    void anotherNodesLogBesideTheseSnapshots_isRefused() throws IOException {
        Path other = dir.resolve("other");
        write(other, new Workload(Workload.seed("LogContinuityTest other")), 3 * SNAP_COUNT + 40, 3);
        Written written = write(dir, workload(), 3 * SNAP_COUNT + 40, 5);
        // dataLogDir pointing at the other node's directory
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        try (Stream<Path> files = Files.list(other.resolve("log"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve("log").resolve(f.getFileName()));
            }
        }
        long snapshotZxid = newestSnapshotZxid(dir);

        assertRefused(dir, snapshotZxid, "another node");
        assertOverrideStarts(dir, snapshotZxid);
        assertTrue(written.lastZxid() > snapshotZxid);
    }

    /** The proposals journaled at seqNr, decoded as recovery would. */
    private static ReplicaEvent.ProposalsLogged logged(Path dir, long seqNr) throws IOException {
        List<ReplicaEvent> found = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(journal(dir))) {
            log.replay(PID, seqNr, seqNr, 1, record -> {
                SerializedEvent stored = SerializedEvent.decode(record.data());
                found.add(ReplicaEventCodec.decode(stored.serializerManifest(), stored.payload()));
            });
        }
        return (ReplicaEvent.ProposalsLogged) found.get(0);
    }

    private static int indexHolding(List<SegmentInfo> segments, long seqNr) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).holds(seqNr)) {
                return i;
            }
        }
        throw new AssertionError("no segment holds " + seqNr + ": " + segments);
    }
}
