package io.warden.persistence.replica;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.api.data.Zxid;
import io.warden.persistence.replica.FileLogHarness.Running;
import io.warden.persistence.replica.ReplicaLog.Append;
import io.warden.persistence.replica.ReplicaLog.Logged;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.txn.Txn;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ReadTxnsAfter}, the source of ZAB DIFF, on the real file journal and snapshot store: the
 * txns after a zxid come back exactly as written, from memory or replayed from the journal; what
 * the journal no longer holds and what exceeds the limits is "not available"; a read does not
 * hold up appends; the window is rebuilt after a restart.
 */
class ReadTxnsAfterFileTest {
    private static final String PID = "warden-replica-1";
    private static final int ALL = Integer.MAX_VALUE;

    @TempDir
    Path dir;

    private final List<ActorTestKit> kits = new ArrayList<>();

    @AfterEach
    void shutdown() {
        kits.forEach(ActorTestKit::shutdownTestKit);
    }

    private ActorTestKit kit(String name) {
        ActorTestKit kit = ActorTestKit.create(name, FileLogHarness.config(dir));
        kits.add(kit);
        return kit;
    }

    /** A window of 200 txns; the journal's size limit out of the way unless a test sets it. */
    private static Settings settings(int commitLogCount) {
        return Settings.DEFAULT.withDiff(DiffPolicy.DEFAULT.withCommitLog(commitLogCount, Long.MAX_VALUE)
                .withSnapshotSizeFactor(1e9));
    }

    @Test
    void readsAfterAnyZxidReturnExactlyTheTxnsWrittenInOrder() {
        long seed = Workload.seed("readsAfterAnyZxidReturnExactlyTheTxnsWrittenInOrder");
        ActorTestKit kit = kit("reads");
        Running running = FileLogHarness.start(kit, PID, settings(200));
        Workload workload = new Workload(seed);
        // epoch 1, then epoch 3: a learner may hold a zxid of an epoch the leader's log skipped
        FileLogHarness.write(kit, running, workload, 1_500, 7, 20, 0);
        long lastOfEpoch1 = workload.lastZxid();
        workload.newEpoch(3);
        FileLogHarness.write(kit, running, workload, 1_500, 7, 20, 0);
        List<Txn> written = regenerate(seed, 1_500, 1_500);

        Random random = new Random(seed);
        List<Long> asked = new ArrayList<>(List.of(0L, written.get(0).zxid(), lastOfEpoch1, Zxid.of(2, 17),
                Zxid.of(1, 1_600), written.get(written.size() - 201).zxid(), written.get(written.size() - 200).zxid(),
                workload.lastZxid(), workload.lastZxid() + 5, Zxid.of(4, 1)));
        for (int i = 0; i < 20; i++) {
            asked.add(written.get(random.nextInt(written.size())).zxid());
        }
        for (long afterZxid : asked) {
            TxnsAfter.Available answer = available(read(kit, running, afterZxid, ALL, Long.MAX_VALUE));
            assertEquals(DiffSourceProperties.model(written, afterZxid), answer, "after " + Zxid.toHex(afterZxid));
        }
        // what SyncPlanner needs for a learner with an old epoch's proposal: the leader's zxid before it
        TxnsAfter.Available diverged = available(read(kit, running, Zxid.of(2, 17), ALL, Long.MAX_VALUE));
        assertEquals(lastOfEpoch1, diverged.baseZxid());
        assertEquals(Zxid.of(3, 1), diverged.zxids()[0]);
    }

    @Test
    void limitsExceededAreNotAvailableInMemoryAndFromTheJournal() {
        long seed = Workload.seed("limitsExceededAreNotAvailableInMemoryAndFromTheJournal");
        ActorTestKit kit = kit("limits");
        Running running = FileLogHarness.start(kit, PID, settings(100));
        FileLogHarness.write(kit, running, new Workload(seed), 1_000, 10, 20, 0);
        List<Txn> written = regenerate(seed, 1_000, 0);
        for (int fromEnd : new int[]{50, 600}) { // 50: memory; 600: beyond the 100 in memory, the journal
            long afterZxid = written.get(written.size() - fromEnd - 1).zxid();
            List<Txn> expected = written.subList(written.size() - fromEnd, written.size());
            long bytes = ReplicaEventCodec.loggedBytes(expected);
            assertEquals(expected, available(read(kit, running, afterZxid, fromEnd, bytes)).txns());
            notAvailable(read(kit, running, afterZxid, fromEnd - 1, Long.MAX_VALUE), "limit");
            notAvailable(read(kit, running, afterZxid, ALL, bytes - 1), "limit");
        }
    }

    @Test
    void theJournalsSizeLimitFollowsTheSnapshotSizeFactor() {
        long seed = Workload.seed("theJournalsSizeLimitFollowsTheSnapshotSizeFactor");
        ActorTestKit kit = kit("factor");
        // factor 0: nothing may come from the journal; -1: ZooKeeper's "txn log sync off"
        Running zero = FileLogHarness.start(kit, PID, Settings.DEFAULT.withDiff(DiffPolicy.DEFAULT
                .withCommitLog(100, Long.MAX_VALUE).withSnapshotSizeFactor(0)));
        FileLogHarness.write(kit, zero, new Workload(seed), 1_000, 10, 20, 0);
        List<Txn> written = regenerate(seed, 1_000, 0);
        assertEquals(written.subList(950, 1_000), available(read(kit, zero, written.get(949).zxid(), ALL,
                Long.MAX_VALUE)).txns());
        notAvailable(read(kit, zero, written.get(500).zxid(), ALL, Long.MAX_VALUE), "limit");

        Running off = FileLogHarness.start(kit, "warden-replica-2", Settings.DEFAULT.withDiff(DiffPolicy.DEFAULT
                .withCommitLog(100, Long.MAX_VALUE).withSnapshotSizeFactor(-1)));
        FileLogHarness.write(kit, off, new Workload(seed), 1_000, 10, 20, 0);
        notAvailable(read(kit, off, written.get(500).zxid(), ALL, Long.MAX_VALUE), "snapshotSizeFactor");

        // the default 0.33 x the snapshot (as ZooKeeper sizes it) allows the newest k txns and not k+1
        Running defaults = FileLogHarness.start(kit, "warden-replica-3", Settings.DEFAULT.withDiff(DiffPolicy.DEFAULT
                .withCommitLog(100, Long.MAX_VALUE)));
        FileLogHarness.write(kit, defaults, new Workload(seed), 1_000, 10, 20, 0);
        long limit = DiffPolicy.DEFAULT.journalByteLimit(DiffSource.snapshotSizeBytes(
                FileLogHarness.view(kit, defaults).tree()));
        int k = 0;
        while (k < written.size() && ReplicaEventCodec.loggedBytes(written.subList(999 - k, 1_000)) <= limit) {
            k++;
        }
        System.out.println("0.33 x the snapshot's " + limit + " bytes allow the newest " + k + " of 1000 txns");
        assertTrue(k > 100 && k < 1_000, "the workload must put the limit between the window and the whole log: " + k);
        assertEquals(written.subList(1_000 - k, 1_000), available(read(kit, defaults, written.get(999 - k).zxid(),
                ALL, Long.MAX_VALUE)).txns());
        notAvailable(read(kit, defaults, written.get(998 - k).zxid(), ALL, Long.MAX_VALUE), "limit");
    }

    @Test
    void zxidsWhoseEventsRetentionDeletedAreNotAvailable() throws IOException {
        long seed = Workload.seed("zxidsWhoseEventsRetentionDeletedAreNotAvailable");
        ActorTestKit kit = kit("retention");
        Settings settings = settings(50).withSnapshots(new SnapshotPolicy(100, 3)
                .withPurgeInterval(Duration.ofMillis(50)));
        Running running = FileLogHarness.start(kit, PID, settings);
        Workload workload = new Workload(seed);
        // a snapshot every 100 txns, each let finish before the next so that none is skipped
        for (int point = 1; point <= 6; point++) {
            long newestBefore = newestSnapshotSeqNr();
            FileLogHarness.write(kit, running, workload, 100, 10, 4, 0);
            await().atMost(FileLogHarness.LONG).until(() -> newestSnapshotSeqNr() > newestBefore);
        }
        List<Txn> written = regenerate(seed, 600, 0);
        // autopurge deletes the events before the oldest of the three newest snapshots (at 400)
        await().atMost(FileLogHarness.LONG).untilAsserted(() ->
                notAvailable(read(kit, running, written.get(100).zxid(), ALL, Long.MAX_VALUE), "deleted"));
        notAvailable(read(kit, running, 0, ALL, Long.MAX_VALUE), "deleted");
        long kept = written.get(499).zxid();
        assertEquals(written.subList(500, 600), available(read(kit, running, kept, ALL, Long.MAX_VALUE)).txns());
    }

    @Test
    void afterARestartTheWindowIsRebuiltFromTheTailAndTheSnapshotIsTheBase() {
        long seed = Workload.seed("afterARestartTheWindowIsRebuiltFromTheTailAndTheSnapshotIsTheBase");
        Settings settings = settings(100).withSnapshots(new SnapshotPolicy(500, 3));
        Workload workload = new Workload(seed);
        List<Txn> written = regenerate(seed, 1_234, 0);
        TxnsAfter.Available windowBefore;
        ActorTestKit first = kit("first");
        Running running = FileLogHarness.start(first, PID, settings);
        for (int point = 1; point <= 2; point++) {
            FileLogHarness.write(first, running, workload, 500, 10, 4, 0);
            int expected = point;
            await().atMost(FileLogHarness.LONG).until(() -> snapshotCount() == expected);
        }
        FileLogHarness.write(first, running, workload, 234, 10, 4, 0);
        windowBefore = available(read(first, running, written.get(1_133).zxid(), ALL, Long.MAX_VALUE));
        first.shutdownTestKit();
        kits.remove(first);

        ActorTestKit second = kit("second");
        Running restarted = FileLogHarness.start(second, PID, settings);
        assertEquals(workload.lastZxid(), restarted.recovered().committedZxid());
        // the 100 newest again, from memory, built from the journal's tail after the snapshot at 1000
        assertEquals(windowBefore, read(second, restarted, written.get(1_133).zxid(), ALL, Long.MAX_VALUE));
        assertEquals(written.subList(1_134, 1_234), windowBefore.txns());
        // older than the window: the tail after the snapshot is read from the journal
        assertEquals(DiffSourceProperties.model(written, written.get(999).zxid()),
                read(second, restarted, written.get(999).zxid(), ALL, Long.MAX_VALUE));
        // before the snapshot this incarnation never read the journal: SNAP
        notAvailable(read(second, restarted, written.get(998).zxid(), ALL, Long.MAX_VALUE), "older");
        // new commits keep the window going
        FileLogHarness.write(second, restarted, workload, 30, 10, 4, 0);
        List<Txn> more = regenerate(seed, 1_264, 0);
        assertEquals(more.subList(1_164, 1_264), available(read(second, restarted, more.get(1_163).zxid(), ALL,
                Long.MAX_VALUE)).txns());
    }

    @Test
    void aJournalReadWhileAppendsContinueReturnsTheLogAsItWasAndAppendsComplete() {
        long seed = Workload.seed("aJournalReadWhileAppendsContinueReturnsTheLogAsItWasAndAppendsComplete");
        ActorTestKit kit = kit("concurrent");
        // nothing in memory: every read replays the journal, here some MB of it
        Running running = FileLogHarness.start(kit, PID, settings(0));
        Workload workload = new Workload(seed);
        FileLogHarness.write(kit, running, workload, 30_000, 100, 40, 0);
        List<Txn> written = regenerate(seed, 30_000, 0);

        TestProbe<StatusReply<TxnsAfter>> reads = kit.createTestProbe();
        running.log().tell(new ReadTxnsAfter(0, ALL, Long.MAX_VALUE, reads.getRef()));
        running.log().tell(new ReadTxnsAfter(written.get(14_999).zxid(), ALL, Long.MAX_VALUE, reads.getRef()));
        // appends sent after the reads: answered whether or not the reads are done
        TestProbe<StatusReply<Logged>> appends = kit.createTestProbe();
        for (int i = 0; i < 200; i++) {
            List<Txn> txns = workload.next(10);
            running.log().tell(new Append(txns, txns.get(txns.size() - 1).zxid(), appends.getRef()));
        }
        for (int i = 0; i < 200; i++) {
            assertTrue(appends.receiveMessage(FileLogHarness.LONG).isSuccess());
        }
        List<TxnsAfter.Available> answers = List.of(available(reads.receiveMessage(FileLogHarness.LONG).getValue()),
                available(reads.receiveMessage(FileLogHarness.LONG).getValue()));
        // each covers exactly what was committed when its turn came: the 30,000, none of the 2,000 after
        for (TxnsAfter.Available answer : answers) {
            assertEquals(written.get(29_999).zxid(), answer.lastZxid());
        }
        assertTrue(answers.stream().anyMatch(a -> a.txns().equals(written)));
        assertTrue(answers.stream().anyMatch(a -> a.txns().equals(written.subList(15_000, 30_000))));
        // and the log went on: a read now sees the appends too
        assertEquals(workload.lastZxid(), available(read(kit, running, written.get(29_999).zxid(), ALL,
                Long.MAX_VALUE)).lastZxid());
    }

    /**
     * The journal's replays run on a dispatcher of one thread here, and the test holds that thread:
     * a read cannot progress at all, yet appends sent after it are all answered. Then it is let go
     * and answers the log as it was when the read was taken.
     */
    @Test
    void appendsAreAnsweredWhileAJournalReadCannotProgress() throws Exception {
        long seed = Workload.seed("appendsAreAnsweredWhileAJournalReadCannotProgress");
        Config config = ConfigFactory.parseString("""
                        warden.persistence.journal.replay-dispatcher = "held-replay-dispatcher"
                        warden.persistence.journal.circuit-breaker.call-timeout = 300s
                        held-replay-dispatcher {
                          type = Dispatcher
                          executor = "thread-pool-executor"
                          thread-pool-executor.fixed-pool-size = 1
                        }
                        """).withFallback(FileLogHarness.config(dir));
        ActorTestKit kit = ActorTestKit.create("held", config);
        kits.add(kit);
        Running running = FileLogHarness.start(kit, PID, settings(0));
        Workload workload = new Workload(seed);
        FileLogHarness.write(kit, running, workload, 2_000, 10, 20, 0);
        List<Txn> written = regenerate(seed, 2_000, 0);

        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Executor replayThread = kit.system().dispatchers().lookup(DispatcherSelector.fromConfig("held-replay-dispatcher"));
        replayThread.execute(() -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertTrue(holding.await(60, TimeUnit.SECONDS));
            TestProbe<StatusReply<TxnsAfter>> reads = kit.createTestProbe();
            running.log().tell(new ReadTxnsAfter(0, ALL, Long.MAX_VALUE, reads.getRef()));
            TestProbe<StatusReply<Logged>> appends = kit.createTestProbe();
            for (int i = 0; i < 100; i++) {
                List<Txn> txns = workload.next(10);
                running.log().tell(new Append(txns, txns.get(txns.size() - 1).zxid(), appends.getRef()));
            }
            for (int i = 0; i < 100; i++) {
                assertTrue(appends.receiveMessage(FileLogHarness.LONG).isSuccess());
            }
            // the read really is stuck behind the held thread (else this test would prove nothing)
            reads.expectNoMessage(Duration.ofMillis(200));
            release.countDown();
            assertEquals(written, available(reads.receiveMessage(FileLogHarness.LONG).getValue()).txns());
        } finally {
            release.countDown();
        }
    }

    private static TxnsAfter read(ActorTestKit kit, Running running, long afterZxid, int maxTxns, long maxBytes) {
        TestProbe<StatusReply<TxnsAfter>> reply = kit.createTestProbe();
        running.log().tell(new ReadTxnsAfter(afterZxid, maxTxns, maxBytes, reply.getRef()));
        StatusReply<TxnsAfter> answer = reply.receiveMessage(FileLogHarness.LONG);
        assertTrue(answer.isSuccess(), () -> "the log failed: " + answer);
        return answer.getValue();
    }

    private static TxnsAfter.Available available(TxnsAfter answer) {
        return assertInstanceOf(TxnsAfter.Available.class, answer);
    }

    private static void notAvailable(TxnsAfter answer, String reasonPart) {
        TxnsAfter.NotAvailable refused = assertInstanceOf(TxnsAfter.NotAvailable.class, answer);
        assertTrue(refused.reason().contains(reasonPart), refused.reason());
    }

    /** The txns a Workload with this seed wrote: epoch 1's, then (if any) epoch 3's. */
    private static List<Txn> regenerate(long seed, int epoch1, int epoch3) {
        Workload workload = new Workload(seed);
        List<Txn> txns = new ArrayList<>(workload.next(epoch1));
        if (epoch3 > 0) {
            workload.newEpoch(3);
            txns.addAll(workload.next(epoch3));
        }
        return txns;
    }

    private int snapshotCount() throws IOException {
        return FileLogHarness.snapshotFiles(dir).size();
    }

    /** snapshot-<pid>-<sequenceNr>-<timestampMs>.snap: the newest one's sequence number, 0 if none. */
    private long newestSnapshotSeqNr() throws IOException {
        return FileLogHarness.snapshotFiles(dir).stream().mapToLong(p -> {
            String[] parts = p.getFileName().toString().split("-");
            return Long.parseLong(parts[parts.length - 2]);
        }).max().orElse(0);
    }
}
