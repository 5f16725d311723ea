package io.warden.persistence.replica;

import io.warden.persistence.replica.ReplicaLog.Output;
import io.warden.persistence.replica.ReplicaLog.Recovered;
import io.warden.persistence.replica.ReplicaLog.Settings;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention keeps snapRetainCount snapshots that are really saved, whatever saves failed between them. */
class SnapshotRetentionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ActorTestKit testKit;
    private PersistenceTestKit journal;
    private SnapshotTestKit snapshots;

    @BeforeEach
    void start() {
        testKit = ActorTestKit.create(ReplicaLogTest.CONFIG);
        journal = PersistenceTestKit.create(testKit.system());
        snapshots = SnapshotTestKit.create(testKit.system());
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void failedSavesBetweenGoodOnesNeverLeaveFewerThanSnapRetainCountSnapshotsAndTheLogAfterTheOldest() {
        String pid = "warden-retention-1";
        TestProbe<Output> listener = testKit.createTestProbe(Output.class);
        Settings settings = Settings.DEFAULT.withSnapshots(new SnapshotPolicy(20, 3).withPurgeInterval(Duration.ofMillis(50)));
        ActorRef<ReplicaLog.Command> log = testKit.spawn(ReplicaLog.create(pid, listener.getRef(), settings));
        listener.expectMessageClass(Recovered.class, WAIT);
        Workload workload = new Workload(81);
        // 3 txns per write, snapCount 20: snapshot points at writes 7, 14, 20, 27, 34, 40
        writeBatches(log, workload, 20);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(7L, 14L, 20L), savedSeqNrs(pid)));

        // the saves at 27 (a full disk) and 34 (EIO) fail; the one at 40 succeeds
        snapshots.failNextPersisted(pid, new IOException("No space left on device"));
        writeBatches(log, workload, 7);
        snapshots.failNextPersisted(pid, new IOException("Input/output error"));
        writeBatches(log, workload, 13);

        // the three newest good snapshots stay, and every event after the oldest of them
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(14L, 20L, 40L), savedSeqNrs(pid)));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(40 - 14, journal.persistedInStorage(pid).size()));
        assertTrue(savedSeqNrs(pid).size() >= settings.snapshots().snapRetainCount());
    }

    private List<Long> savedSeqNrs(String pid) {
        return SnapshotScaffold.savedSeqNrs(snapshots, pid);
    }

    private void writeBatches(ActorRef<ReplicaLog.Command> log, Workload workload, int batches) {
        SnapshotScaffold.writeBatches(testKit, log, workload, batches, WAIT);
    }
}
