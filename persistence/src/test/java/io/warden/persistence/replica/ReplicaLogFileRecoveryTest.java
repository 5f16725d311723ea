package io.warden.persistence.replica;

import io.warden.persistence.replica.FileLogHarness.Running;
import io.warden.persistence.replica.ReplicaLog.Applied;
import io.warden.persistence.replica.ReplicaLog.Commit;
import io.warden.persistence.replica.ReplicaLog.Recovered;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.replica.ReplicaLog.StateView;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The replica log on the real file journal and snapshot store: write a 100,000-txn log with
 * snapshots, restart on a new actor system over the same directories, get the same state.
 */
class ReplicaLogFileRecoveryTest {
    private static final String PID = "warden-replica-1";

    @TempDir
    Path dir;

    @Test
    void aHundredThousandTxnsWithSnapshotsRecoverToTheSameState() throws Exception {
        int txnCount = 100_000;
        Settings settings = Settings.DEFAULT.withSnapshots(new SnapshotPolicy(10_000, 3).withPurgeInterval(Duration.ofMillis(50)));
        long seed = Workload.seed("aHundredThousandTxnsWithSnapshotsRecoverToTheSameState");
        Workload workload = new Workload(seed);

        ActorTestKit first = ActorTestKit.create("first", FileLogHarness.config(dir));
        StateView before;
        try {
            Running running = FileLogHarness.start(first, PID, settings);
            long start = System.nanoTime();
            // commits trail proposals by one append, so the last append is still pending at restart
            FileLogHarness.write(first, running, workload, txnCount, 100, 40, 1);
            long writeNanos = System.nanoTime() - start;
            before = FileLogHarness.view(first, running);
            assertEquals(100, before.pending().size());
            assertEquals(workload.lastZxid(), before.lastLoggedZxid());
            // nine snapshot points (10k .. 90k committed), the newest three kept
            await().atMost(FileLogHarness.LONG).untilAsserted(
                    () -> assertEquals(3, FileLogHarness.snapshotFiles(dir).size()));
            System.out.printf("wrote %d txns in %.2f s (%.0f txns/s), %d snapshots kept, %.1f MiB on disk%n",
                    txnCount, writeNanos / 1e9, txnCount / (writeNanos / 1e9),
                    FileLogHarness.snapshotFiles(dir).size(), FileLogHarness.sizeBytes(dir) / 1048576.0);
        } finally {
            first.shutdownTestKit();
        }

        ActorTestKit second = ActorTestKit.create("second", FileLogHarness.config(dir));
        try {
            Running running = FileLogHarness.start(second, PID, settings);
            Recovered recovered = running.recovered();
            System.out.printf("recovered %d nodes, committed 0x%x, %d pending in %.2f s (snapshot + tail)%n",
                    recovered.tree().nodeCount(), recovered.committedZxid(), recovered.pending().size(),
                    running.recoveryNanos() / 1e9);
            assertEquals(before.tree().digest(), recovered.tree().digest());
            assertEquals(before.tree().digest(), recovered.tree().recomputeDigest());
            assertEquals(before.tree().nodeCount(), recovered.tree().nodeCount());
            assertEquals(before.committedZxid(), recovered.committedZxid());
            assertEquals(before.pending(), recovered.pending());

            running.log().tell(new Commit(before.lastLoggedZxid()));
            Applied applied = running.listener().expectMessageClass(Applied.class, Duration.ofSeconds(30));
            assertEquals(before.pending().size(), applied.applied().size());
            assertEquals(before.lastLoggedZxid(), FileLogHarness.view(second, running).committedZxid());
        } finally {
            second.shutdownTestKit();
        }
    }

    /** Why three snapshots are kept with the journal from the oldest: a damaged newest one is survivable. */
    @Test
    void aDamagedNewestSnapshotFallsBackToAnOlderOneAndALongerTail() throws Exception {
        Settings settings = Settings.DEFAULT.withSnapshots(new SnapshotPolicy(50, 3).withPurgeInterval(Duration.ofMillis(50)));
        Workload workload = new Workload(Workload.seed("aDamagedNewestSnapshotFallsBackToAnOlderOneAndALongerTail"));
        ActorTestKit first = ActorTestKit.create("first", FileLogHarness.config(dir));
        StateView before;
        try {
            Running running = FileLogHarness.start(first, PID, settings);
            // a snapshot point every 50 txns; each is let finish before the next, so none is skipped
            // (a point that comes while a save runs is, see Snapshotter)
            for (int point = 1; point <= 12; point++) {
                long newestBefore = newestSequenceNr();
                FileLogHarness.write(first, running, workload, 50, 10, 4, 0);
                await().atMost(FileLogHarness.LONG).until(() -> newestSequenceNr() > newestBefore);
            }
            FileLogHarness.write(first, running, workload, 20, 10, 4, 0);
            before = FileLogHarness.view(first, running);
            await().atMost(FileLogHarness.LONG).untilAsserted(
                    () -> assertEquals(3, FileLogHarness.snapshotFiles(dir).size()));
        } finally {
            first.shutdownTestKit();
        }
        List<Path> snapshots = FileLogHarness.snapshotFiles(dir);
        Path newest = snapshots.stream().max(Comparator.comparingLong(ReplicaLogFileRecoveryTest::sequenceNr)).orElseThrow();
        try (FileChannel channel = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[]{0x5a, 0x5a, 0x5a, 0x5a}), channel.size() / 2);
        }

        ActorTestKit second = ActorTestKit.create("second", FileLogHarness.config(dir));
        try {
            Recovered recovered = FileLogHarness.start(second, PID, settings).recovered();
            assertEquals(before.tree().digest(), recovered.tree().digest());
            assertEquals(before.committedZxid(), recovered.committedZxid());
        } finally {
            second.shutdownTestKit();
        }
    }

    private long newestSequenceNr() throws IOException {
        return FileLogHarness.snapshotFiles(dir).stream().mapToLong(ReplicaLogFileRecoveryTest::sequenceNr).max().orElse(0);
    }

    private static long sequenceNr(Path snapshot) {
        // snapshot-<pid>-<sequenceNr>-<timestampMs>.snap
        String[] parts = snapshot.getFileName().toString().split("-");
        return Long.parseLong(parts[parts.length - 2]);
    }
}
