package io.warden.persistence.replica;

import io.warden.persistence.replica.ReplicaLog.Output;
import io.warden.persistence.replica.ReplicaLog.Recovered;
import io.warden.persistence.replica.ReplicaLog.Settings;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
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

/**
 * ZooKeeper's autopurge: {@code autopurge.purgeInterval=0} (the default) never deletes anything;
 * otherwise every interval keeps the newest snapRetainCount good snapshots and the log after the
 * oldest of them. Time is the test's: the purge timer runs on a manual clock.
 */
class AutopurgeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration HOUR = Duration.ofHours(1);

    private ActorTestKit testKit;
    private ManualTime clock;
    private PersistenceTestKit journal;
    private SnapshotTestKit snapshots;

    @BeforeEach
    void start() {
        testKit = ActorTestKit.create(ManualTime.config().withFallback(ReplicaLogTest.CONFIG));
        clock = ManualTime.get(testKit.system());
        journal = PersistenceTestKit.create(testKit.system());
        snapshots = SnapshotTestKit.create(testKit.system());
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void purgeIntervalZeroNeverDeletesASnapshotOrTheLog() {
        String pid = "warden-autopurge-off";
        ActorRef<ReplicaLog.Command> log = start(pid, new SnapshotPolicy(20, 3));
        // 3 txns per write, snapCount 20: snapshot points at writes 7, 14, 20, 27, 34, 40
        Workload workload = new Workload(91);
        writeBatches(log, workload, 40);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(7L, 14L, 20L, 27L, 34L, 40L), savedSeqNrs(pid)));

        clock.timePasses(Duration.ofDays(30));
        writeBatches(log, workload, 1); // a write after the time passed: the log is alive

        assertEquals(List.of(7L, 14L, 20L, 27L, 34L, 40L), savedSeqNrs(pid));
        assertEquals(41, journal.persistedInStorage(pid).size());
    }

    @Test
    void eachPurgeKeepsSnapRetainCountGoodSnapshotsAndTheLogAfterTheOldest() {
        String pid = "warden-autopurge-on";
        ActorRef<ReplicaLog.Command> log = start(pid, new SnapshotPolicy(20, 3).withPurgeInterval(HOUR));
        Workload workload = new Workload(92);
        writeBatches(log, workload, 27);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(7L, 14L, 20L, 27L), savedSeqNrs(pid)));
        snapshots.failNextPersisted(pid, new IOException("No space left on device")); // the save at 34 fails
        writeBatches(log, workload, 13);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(7L, 14L, 20L, 27L, 40L), savedSeqNrs(pid)));

        clock.timePasses(HOUR.minusSeconds(1));
        assertEquals(40, journal.persistedInStorage(pid).size(), "nothing is purged before the interval");
        assertEquals(List.of(7L, 14L, 20L, 27L, 40L), savedSeqNrs(pid));

        clock.timePasses(Duration.ofSeconds(1));
        // the newest three good snapshots (the failed save at 34 does not count) and the events after 20
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(20L, 27L, 40L), savedSeqNrs(pid)));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(40 - 20, journal.persistedInStorage(pid).size()));

        writeBatches(log, workload, 7); // a snapshot at 47
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(20L, 27L, 40L, 47L), savedSeqNrs(pid)));
        clock.timePasses(HOUR);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(27L, 40L, 47L), savedSeqNrs(pid)));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(47 - 27, journal.persistedInStorage(pid).size()));
    }

    private ActorRef<ReplicaLog.Command> start(String pid, SnapshotPolicy policy) {
        TestProbe<Output> listener = testKit.createTestProbe(Output.class);
        ActorRef<ReplicaLog.Command> log = testKit.spawn(ReplicaLog.create(pid, listener.getRef(),
                Settings.DEFAULT.withSnapshots(policy)));
        listener.expectMessageClass(Recovered.class, WAIT);
        return log;
    }

    private List<Long> savedSeqNrs(String pid) {
        return SnapshotScaffold.savedSeqNrs(snapshots, pid);
    }

    private void writeBatches(ActorRef<ReplicaLog.Command> log, Workload workload, int batches) {
        SnapshotScaffold.writeBatches(testKit, log, workload, batches, WAIT);
    }
}
