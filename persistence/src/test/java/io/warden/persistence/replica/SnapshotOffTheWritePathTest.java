package io.warden.persistence.replica;

import io.warden.persistence.replica.ReplicaLog.Append;
import io.warden.persistence.replica.ReplicaLog.Logged;
import io.warden.persistence.replica.ReplicaLog.Output;
import io.warden.persistence.replica.ReplicaLog.Recovered;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.txn.Txn;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.ProcessingPolicy;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess$;
import org.apache.pekko.persistence.testkit.SnapshotOperation;
import org.apache.pekko.persistence.testkit.WriteSnapshot;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot is saved while the log keeps writing (ZooKeeper's snapshot thread): a save that
 * hangs in the store holds up no append, and the points that pass meanwhile are not queued up.
 */
class SnapshotOffTheWritePathTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ActorTestKit testKit;
    private SnapshotTestKit snapshots;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger savesStarted = new AtomicInteger();

    @BeforeEach
    void start() {
        testKit = ActorTestKit.create(ReplicaLogTest.CONFIG);
        snapshots = SnapshotTestKit.create(testKit.system());
        // The test store saves on its plugin actor: blocking there is a save that does not finish.
        snapshots.withPolicy(new ProcessingPolicy<SnapshotOperation>() {
            @Override
            public ProcessingResult tryProcess(String persistenceId, SnapshotOperation operation) {
                if (operation instanceof WriteSnapshot) {
                    savesStarted.incrementAndGet();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return ProcessingSuccess$.MODULE$;
            }
        });
    }

    @AfterEach
    void stop() {
        release.countDown();
        testKit.shutdownTestKit();
    }

    @Test
    void writesAreAcknowledgedWhileASnapshotIsBeingSaved() {
        String pid = "warden-snapshot-off-path-1";
        TestProbe<Output> listener = testKit.createTestProbe(Output.class);
        Settings settings = Settings.DEFAULT.withSnapshots(new SnapshotPolicy(10, 3));
        ActorRef<ReplicaLog.Command> log = testKit.spawn(ReplicaLog.create(pid, listener.getRef(), settings));
        listener.expectMessageClass(Recovered.class, WAIT);
        Workload workload = new Workload(1401);
        TestProbe<StatusReply<Logged>> reply = testKit.createTestProbe();

        // 5 txns per write, snapCount 10: a snapshot point every second write (seqNr 2, 4, 6, ...)
        for (int write = 1; write <= 20; write++) {
            List<Txn> txns = workload.next(5);
            log.tell(new Append(txns, txns.get(4).zxid(), reply.getRef()));
            StatusReply<Logged> answer = reply.receiveMessage(WAIT);
            assertTrue(answer.isSuccess(), () -> "append failed: " + answer);
            if (write == 2) {
                await().atMost(WAIT).until(() -> savesStarted.get() == 1);
            }
        }
        // nine more points passed while the first save hung: none of them started a save of its own
        assertEquals(1, savesStarted.get(), "one save at a time");
        assertTrue(snapshots.persistedInStorage(pid).isEmpty(), "the first save has not finished");

        release.countDown();
        // the hung save completes, then only the newest point that waited is saved (seqNr 20)
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(2L, 20L), savedSeqNrs(pid)));
        assertEquals(2, savesStarted.get());
    }

    private List<Long> savedSeqNrs(String pid) {
        return SnapshotScaffold.savedSeqNrs(snapshots, pid);
    }
}
