package io.warden.persistence.replica;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.api.data.Zxid;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.replica.ReplicaLog.AcceptEpoch;
import io.warden.persistence.replica.ReplicaLog.Append;
import io.warden.persistence.replica.ReplicaLog.Applied;
import io.warden.persistence.replica.ReplicaLog.Command;
import io.warden.persistence.replica.ReplicaLog.Commit;
import io.warden.persistence.replica.ReplicaLog.Epochs;
import io.warden.persistence.replica.ReplicaLog.GetSnapshotOfState;
import io.warden.persistence.replica.ReplicaLog.Logged;
import io.warden.persistence.replica.ReplicaLog.Output;
import io.warden.persistence.replica.ReplicaLog.Recovered;
import io.warden.persistence.replica.ReplicaLog.SetCurrentEpoch;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.replica.ReplicaLog.StateView;
import io.warden.persistence.replica.ReplicaLog.TruncateTo;
import io.warden.persistence.replica.ReplicaLog.Truncated;
import io.warden.persistence.txn.Txn;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess$;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replica log on Pekko's in-memory journal and snapshot store, Java serialization off. */
class ReplicaLogTest {
    static final Config CONFIG = ConfigFactory.parseString("""
                    pekko.actor.allow-java-serialization = off
                    pekko.loglevel = WARNING
                    """)
            .withFallback(PersistenceTestKitPlugin.getInstance().config())
            .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config());

    private static final Settings SETTINGS = Settings.DEFAULT.withSnapshots(new SnapshotPolicy(1_000_000, 3));

    private ActorTestKit testKit;
    private PersistenceTestKit journal;
    private SnapshotTestKit snapshots;
    private int incarnation;

    @BeforeEach
    void start() {
        testKit = ActorTestKit.create(CONFIG);
        journal = PersistenceTestKit.create(testKit.system());
        snapshots = SnapshotTestKit.create(testKit.system());
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    /** A running log and the probe its listener writes to. */
    record Peer(ActorRef<Command> log, TestProbe<Output> listener, Recovered recovered) {
    }

    Peer startPeer(String persistenceId, Settings settings) {
        TestProbe<Output> listener = testKit.createTestProbe(Output.class);
        ActorRef<Command> log = testKit.spawn(ReplicaLog.create(persistenceId, listener.getRef(), settings),
                "replica-" + incarnation++);
        Recovered recovered = listener.expectMessageClass(Recovered.class, Duration.ofSeconds(10));
        return new Peer(log, listener, recovered);
    }

    Peer startPeerAfter(Peer previous, String persistenceId) {
        stopPeer(previous);
        return startPeer(persistenceId, SETTINGS);
    }

    void stopPeer(Peer peer) {
        testKit.stop(peer.log(), Duration.ofSeconds(10));
    }

    static <T> T success(TestProbe<StatusReply<T>> probe) {
        StatusReply<T> reply = probe.receiveMessage(Duration.ofSeconds(10));
        assertTrue(reply.isSuccess(), () -> "expected success, got " + reply);
        return reply.getValue();
    }

    static String awaitError(TestProbe<? extends StatusReply<?>> probe) {
        StatusReply<?> reply = probe.receiveMessage(Duration.ofSeconds(10));
        assertTrue(reply.isError(), () -> "expected an error, got " + reply);
        return reply.getError().getMessage();
    }

    Logged append(Peer peer, List<Txn> txns, long commitUpTo) {
        TestProbe<StatusReply<Logged>> reply = testKit.createTestProbe();
        peer.log().tell(new Append(txns, commitUpTo, reply.getRef()));
        return success(reply);
    }

    StateView view(Peer peer) {
        TestProbe<StatusReply<StateView>> reply = testKit.createTestProbe();
        peer.log().tell(new GetSnapshotOfState(reply.getRef()));
        return success(reply);
    }

    @Test
    void appendCommitAndRecoveryRebuildTheSameState() {
        Peer peer = startPeer("warden-replica-1", SETTINGS);
        assertEquals(0, peer.recovered().committedZxid());

        TestProbe<StatusReply<Epochs>> epochs = testKit.createTestProbe();
        peer.log().tell(new AcceptEpoch(1, epochs.getRef()));
        assertEquals(new Epochs(1, 0), success(epochs));
        peer.log().tell(new SetCurrentEpoch(1, epochs.getRef()));
        assertEquals(new Epochs(1, 1), success(epochs));

        Workload workload = new Workload(21);
        List<Txn> standalone = workload.next(80);
        assertEquals(new Logged(standalone.get(79).zxid()), append(peer, standalone, standalone.get(79).zxid()));
        Applied applied = peer.listener().expectMessageClass(Applied.class);
        assertEquals(standalone, applied.applied().stream().map(AppliedTxn::txn).toList());

        // ensemble-style: proposals first, commits later, the last two stay pending
        List<Txn> proposals = workload.next(6);
        append(peer, proposals.subList(0, 3), 0);
        append(peer, proposals.subList(3, 6), 0);
        peer.listener().expectNoMessage(Duration.ofMillis(50));
        peer.log().tell(new Commit(proposals.get(3).zxid()));
        Applied committed = peer.listener().expectMessageClass(Applied.class);
        assertEquals(proposals.subList(0, 4), committed.applied().stream().map(AppliedTxn::txn).toList());

        StateView before = view(peer);
        assertEquals(proposals.get(3).zxid(), before.committedZxid());
        assertEquals(proposals.subList(4, 6), before.pending());
        assertEquals(committed.tree().digest(), before.tree().digest());
        stopPeer(peer);

        Peer again = startPeer("warden-replica-1", SETTINGS);
        Recovered recovered = again.recovered();
        // the COMMIT was applied without a journal write (ADR 0017): the journal's commit mark is
        // the standalone part's, and the proposals come back pending for the next leader to settle
        assertEquals(standalone.get(79).zxid(), recovered.committedZxid());
        assertEquals(proposals, recovered.pending());
        assertEquals(applied.tree().digest(), recovered.tree().digest());
        assertEquals(applied.tree().recomputeDigest(), recovered.tree().recomputeDigest());
        assertEquals(1, recovered.acceptedEpoch());
        assertEquals(1, recovered.currentEpoch());
        again.listener().expectNoMessage(Duration.ofMillis(100));

        // committed again, the same tree as before the restart; then the log goes on where it stopped
        again.log().tell(new Commit(proposals.get(3).zxid()));
        assertEquals(before.tree().digest(), again.listener().expectMessageClass(Applied.class).tree().digest());
        List<Txn> more = workload.next(2);
        append(again, more, more.get(1).zxid());
        assertEquals(4, again.listener().expectMessageClass(Applied.class).applied().size());
        Peer third = startPeerAfter(again, "warden-replica-1");
        assertEquals(more.get(1).zxid(), third.recovered().committedZxid());
        assertEquals(List.of(), third.recovered().pending());
    }

    /**
     * Holds the first journal write until released, so everything sent meanwhile is queued
     * behind it: no timing is involved in what the batching test observes.
     */
    static final class HoldFirstWrite implements org.apache.pekko.persistence.testkit.ProcessingPolicy<JournalOperation> {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public ProcessingResult tryProcess(String persistenceId, JournalOperation operation) {
            if (operation instanceof WriteEvents) {
                if (writes.incrementAndGet() == 1) {
                    writing.countDown();
                    try {
                        if (!release.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("test never released the first write");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return ProcessingSuccess$.MODULE$;
        }
    }

    @Test
    void appendsQueuedBehindAWriteShareTheNextWrite() throws InterruptedException {
        HoldFirstWrite hold = new HoldFirstWrite();
        journal.withPolicy(hold);
        Peer peer = startPeer("warden-replica-2", SETTINGS);
        Workload workload = new Workload(22);
        TestProbe<StatusReply<Logged>> replies = testKit.createTestProbe();

        List<Txn> first = workload.next(1);
        peer.log().tell(new Append(first, first.get(0).zxid(), replies.getRef()));
        assertTrue(hold.writing.await(10, TimeUnit.SECONDS));
        int queued = 200;
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < queued; i++) {
            List<Txn> txns = workload.next(1 + i % 3);
            expected.add(txns.get(txns.size() - 1).zxid());
            peer.log().tell(new Append(txns, txns.get(txns.size() - 1).zxid(), replies.getRef()));
        }
        hold.release.countDown();

        assertEquals(new Logged(first.get(0).zxid()), success(replies));
        for (long zxid : expected) {
            assertEquals(new Logged(zxid), success(replies));
        }
        List<Object> events = journal.persistedInStorage("warden-replica-2");
        long writes = events.stream().filter(e -> e instanceof ProposalsLogged).count();
        // the held write, then everything queued behind it in one more (maxBatchTxns allows it)
        assertEquals(2, writes, "journal writes for " + (queued + 1) + " appends");
        assertEquals(2, hold.writes.get());
        int txnCount = events.stream().mapToInt(e -> ((ProposalsLogged) e).txns().size()).sum();
        assertEquals(Zxid.counter(expected.get(queued - 1)), txnCount);
        assertEquals(expected.get(queued - 1), view(peer).committedZxid());
    }

    @Test
    void batchesAreBoundedAndOverloadIsRejected() throws InterruptedException {
        HoldFirstWrite hold = new HoldFirstWrite();
        journal.withPolicy(hold);
        Peer peer = startPeer("warden-replica-3", SETTINGS.withBatching(10, 25, 2));
        Workload workload = new Workload(23);
        TestProbe<StatusReply<Logged>> replies = testKit.createTestProbe();

        peer.log().tell(new Append(workload.next(1), 0, replies.getRef()));
        assertTrue(hold.writing.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 5; i++) {
            peer.log().tell(new Append(workload.next(5), 0, replies.getRef()));
        }
        TestProbe<StatusReply<Logged>> tooBig = testKit.createTestProbe();
        peer.log().tell(new Append(workload.next(11), 0, tooBig.getRef()));
        assertTrue(awaitError(tooBig).contains("maxBatchTxns"));
        TestProbe<StatusReply<Logged>> overloaded = testKit.createTestProbe();
        peer.log().tell(new Append(List.of(workload.next()), 0, overloaded.getRef()));
        assertTrue(awaitError(overloaded).contains("overloaded"));
        hold.release.countDown();

        for (int i = 0; i < 6; i++) {
            success(replies);
        }
        long writes = journal.persistedInStorage("warden-replica-3").size();
        // 1 held + 25 txns queued in batches of at most 10 (appends of 5 are never split): 3 more
        assertEquals(4, writes);
    }

    @Test
    void appendsThatDoNotFollowTheLogAreRejected() {
        Peer peer = startPeer("warden-replica-4", SETTINGS);
        Workload workload = new Workload(24);
        List<Txn> txns = workload.next(4);
        append(peer, txns.subList(0, 2), 0);

        TestProbe<StatusReply<Logged>> gap = testKit.createTestProbe();
        peer.log().tell(new Append(txns.subList(3, 4), 0, gap.getRef()));
        assertTrue(awaitError(gap).contains("gap"));
        TestProbe<StatusReply<Logged>> replayed = testKit.createTestProbe();
        peer.log().tell(new Append(txns.subList(1, 2), 0, replayed.getRef()));
        assertTrue(awaitError(replayed).contains("does not follow"));
        TestProbe<StatusReply<Logged>> badCommit = testKit.createTestProbe();
        peer.log().tell(new Append(txns.subList(2, 3), txns.get(3).zxid(), badCommit.getRef()));
        assertTrue(awaitError(badCommit).contains("beyond"));

        assertEquals(txns.get(1).zxid(), view(peer).lastLoggedZxid());
        assertEquals(1, journal.persistedInStorage("warden-replica-4").size());
    }

    @Test
    void aCommitQueuedBehindARejectedAppendStillTakesEffect() throws InterruptedException {
        HoldFirstWrite hold = new HoldFirstWrite();
        journal.withPolicy(hold);
        Peer peer = startPeer("warden-replica-11", SETTINGS);
        List<Txn> txns = new Workload(31).next(3);
        TestProbe<StatusReply<Logged>> first = testKit.createTestProbe();
        peer.log().tell(new Append(txns.subList(0, 1), 0, first.getRef()));
        assertTrue(hold.writing.await(10, TimeUnit.SECONDS));
        TestProbe<StatusReply<Logged>> gap = testKit.createTestProbe();
        peer.log().tell(new Append(txns.subList(2, 3), 0, gap.getRef()));
        peer.log().tell(new Commit(txns.get(0).zxid()));
        hold.release.countDown();

        success(first);
        assertTrue(awaitError(gap).contains("gap"));
        Applied applied = peer.listener().expectMessageClass(Applied.class);
        assertEquals(txns.subList(0, 1), applied.applied().stream().map(AppliedTxn::txn).toList());
        assertEquals(txns.get(0).zxid(), view(peer).committedZxid());
    }

    @Test
    void aCommitOfDurableProposalsIsAppliedAtOnceWithoutAJournalWrite() {
        Peer peer = startPeer("warden-replica-12", SETTINGS);
        List<Txn> txns = new Workload(32).next(5);
        append(peer, txns.subList(0, 3), 0);
        append(peer, txns.subList(3, 5), 0);
        int writes = journal.persistedInStorage("warden-replica-12").size();

        peer.log().tell(new Commit(txns.get(1).zxid()));
        Applied first = peer.listener().expectMessageClass(Applied.class);
        assertEquals(txns.subList(0, 2), first.applied().stream().map(AppliedTxn::txn).toList());
        peer.log().tell(new Commit(txns.get(4).zxid()));
        Applied second = peer.listener().expectMessageClass(Applied.class);
        assertEquals(txns.subList(2, 5), second.applied().stream().map(AppliedTxn::txn).toList());
        assertEquals(txns.get(4).zxid(), second.tree().lastProcessedZxid());

        StateView view = view(peer);
        assertEquals(txns.get(4).zxid(), view.committedZxid());
        assertEquals(List.of(), view.pending());
        assertEquals(second.tree().digest(), view.tree().digest());
        assertEquals(writes, journal.persistedInStorage("warden-replica-12").size(), "a COMMIT alone writes nothing");

        // the journal learns the commits with the next proposals, and applies nothing twice
        List<Txn> next = new Workload(32).next(6).subList(5, 6);
        append(peer, next, 0);
        peer.listener().expectNoMessage(Duration.ofMillis(50));
        Object written = journal.persistedInStorage("warden-replica-12").get(writes);
        assertEquals(new ProposalsLogged(next, txns.get(4).zxid()), written);
        assertEquals(second.tree().digest(), view(peer).tree().digest());
    }

    @Test
    void aCommitOfTheWriteInFlightIsAppliedWhenItLands_withNoWriteOfItsOwn() throws InterruptedException {
        HoldFirstWrite hold = new HoldFirstWrite();
        journal.withPolicy(hold);
        Peer peer = startPeer("warden-replica-13", SETTINGS);
        List<Txn> txns = new Workload(33).next(3);
        TestProbe<StatusReply<Logged>> logged = testKit.createTestProbe();
        peer.log().tell(new Append(txns, 0, logged.getRef()));
        assertTrue(hold.writing.await(10, TimeUnit.SECONDS));
        peer.log().tell(new Commit(txns.get(2).zxid()));
        peer.listener().expectNoMessage(Duration.ofMillis(100));
        hold.release.countDown();

        success(logged);
        Applied applied = peer.listener().expectMessageClass(Applied.class);
        assertEquals(txns, applied.applied().stream().map(AppliedTxn::txn).toList());
        assertEquals(txns.get(2).zxid(), view(peer).committedZxid());
        assertEquals(1, journal.persistedInStorage("warden-replica-13").size(), "no write for the COMMIT");
        assertEquals(1, hold.writes.get());
    }

    @Test
    void truncationDropsPendingProposalsAndSurvivesRestart() {
        Peer peer = startPeer("warden-replica-5", SETTINGS);
        Workload workload = new Workload(25);
        List<Txn> txns = workload.next(8);
        append(peer, txns, txns.get(2).zxid());
        peer.listener().expectMessageClass(Applied.class);

        TestProbe<StatusReply<Truncated>> truncated = testKit.createTestProbe();
        peer.log().tell(new TruncateTo(txns.get(4).zxid(), truncated.getRef()));
        assertEquals(new Truncated(txns.get(4).zxid()), success(truncated));
        assertEquals(txns.subList(3, 5), view(peer).pending());

        // the log continues after the truncation point
        Workload rewrite = new Workload(25);
        rewrite.next(5);
        rewrite.newEpoch(2);
        List<Txn> next = rewrite.next(2);
        append(peer, next, 0);
        StateView before = view(peer);
        stopPeer(peer);

        Peer again = startPeer("warden-replica-5", SETTINGS);
        assertEquals(before.pending(), again.recovered().pending());
        assertEquals(before.tree().digest(), again.recovered().tree().digest());
        assertEquals(before.committedZxid(), again.recovered().committedZxid());
    }

    @Test
    void truncatingBelowTheCommittedZxidStopsTheLog() {
        Peer peer = startPeer("warden-replica-6", SETTINGS);
        Workload workload = new Workload(26);
        List<Txn> txns = workload.next(5);
        append(peer, txns, txns.get(3).zxid());

        TestProbe<Object> watcher = testKit.createTestProbe();
        TestProbe<StatusReply<Truncated>> truncated = testKit.createTestProbe();
        peer.log().tell(new TruncateTo(txns.get(1).zxid(), truncated.getRef()));
        String error = awaitError(truncated);
        assertTrue(error.contains("committed"), error);
        watcher.expectTerminated(peer.log(), Duration.ofSeconds(10));
        assertEquals(1, journal.persistedInStorage("warden-replica-6").size(), "nothing written for the bad TRUNC");
    }

    /** A COMMIT applied without a write (ADR 0017) is as committed as one the journal holds. */
    @Test
    void truncatingBelowACommitThatWasAppliedButNotWrittenStopsTheLog() {
        Peer peer = startPeer("warden-replica-14", SETTINGS);
        List<Txn> txns = new Workload(34).next(5);
        append(peer, txns, 0);
        peer.log().tell(new Commit(txns.get(3).zxid()));
        peer.listener().expectMessageClass(Applied.class);
        int writes = journal.persistedInStorage("warden-replica-14").size();

        TestProbe<StatusReply<Truncated>> truncated = testKit.createTestProbe();
        peer.log().tell(new TruncateTo(txns.get(2).zxid(), truncated.getRef()));
        String error = awaitError(truncated);
        assertTrue(error.contains("committed"), error);
        testKit.createTestProbe().expectTerminated(peer.log(), Duration.ofSeconds(10));
        assertEquals(writes, journal.persistedInStorage("warden-replica-14").size(), "nothing written for the bad TRUNC");
    }

    @Test
    void aCommitOfAnUnloggedZxidStopsTheLog() {
        Peer peer = startPeer("warden-replica-7", SETTINGS);
        Workload workload = new Workload(27);
        List<Txn> txns = workload.next(2);
        append(peer, txns, 0);
        TestProbe<Object> watcher = testKit.createTestProbe();
        peer.log().tell(new Commit(txns.get(1).zxid() + 5));
        watcher.expectTerminated(peer.log(), Duration.ofSeconds(10));
    }

    /**
     * Holds the second journal write until released, then fails it (a failed write or fsync). The
     * hold makes "queued behind the failing write" certain: without it, on a loaded machine the
     * write could fail and the log stop before a command told right after it even arrived, and
     * that command would go to dead letters, unanswered (this test once timed out that way).
     */
    static final class FailSecondWriteWhenReleased implements org.apache.pekko.persistence.testkit.ProcessingPolicy<JournalOperation> {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public ProcessingResult tryProcess(String persistenceId, JournalOperation operation) {
            if (operation instanceof WriteEvents && writes.incrementAndGet() == 2) {
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test never released the failing write");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return org.apache.pekko.persistence.testkit.StorageFailure.create(new java.io.IOException("Input/output error"));
            }
            return ProcessingSuccess$.MODULE$;
        }
    }

    @Test
    void aFailedJournalWriteStopsTheLogAndAnswersEveryoneWaiting() {
        FailSecondWriteWhenReleased failing = new FailSecondWriteWhenReleased();
        journal.withPolicy(failing);
        Peer peer = startPeer("warden-replica-10", SETTINGS);
        Workload workload = new Workload(30);
        append(peer, workload.next(2), 0);
        TestProbe<StatusReply<Logged>> failed = testKit.createTestProbe();
        peer.log().tell(new Append(workload.next(2), 0, failed.getRef()));
        TestProbe<StatusReply<StateView>> queued = testKit.createTestProbe();
        peer.log().tell(new GetSnapshotOfState(queued.getRef()));
        // An empty append is refused at once: its reply proves the front has queued the command before it.
        TestProbe<StatusReply<Logged>> marker = testKit.createTestProbe();
        peer.log().tell(new Append(List.of(), 0, marker.getRef()));
        assertTrue(awaitError(marker).contains("at least one txn"));
        failing.release.countDown();
        assertTrue(awaitError(failed).contains("replica log stopped"));
        assertTrue(awaitError(queued).contains("replica log stopped"));
        testKit.createTestProbe().expectTerminated(peer.log(), Duration.ofSeconds(10));
        peer.listener().expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void rejectedEpochChangesLeaveTheLogRunning() {
        Peer peer = startPeer("warden-replica-8", SETTINGS);
        TestProbe<StatusReply<Epochs>> epochs = testKit.createTestProbe();
        peer.log().tell(new AcceptEpoch(4, epochs.getRef()));
        success(epochs);
        peer.log().tell(new AcceptEpoch(3, epochs.getRef()));
        assertTrue(awaitError(epochs).contains("older"));
        peer.log().tell(new SetCurrentEpoch(5, epochs.getRef()));
        assertTrue(awaitError(epochs).contains("never accepted"));
        peer.log().tell(new AcceptEpoch(4, epochs.getRef()));
        assertEquals(new Epochs(4, 0), success(epochs));
        assertEquals(1, journal.persistedInStorage("warden-replica-8").size());
    }

    @Test
    void snapshotsEverySnapCountTxnsAndRetentionDropsWhatTheyMakeRedundant() {
        Settings settings = SETTINGS.withSnapshots(new SnapshotPolicy(20, 3).withPurgeInterval(Duration.ofMillis(50)));
        String pid = "warden-replica-9";
        Peer peer = startPeer(pid, settings);
        Workload workload = new Workload(28);
        for (int i = 0; i < 40; i++) {
            List<Txn> txns = workload.next(3);
            append(peer, txns, txns.get(2).zxid());
        }
        // 120 txns, snapCount 20: six snapshot points, the newest three kept
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Long> kept = snapshots.persistedInStorage(pid).stream().map(p -> p.first().sequenceNr()).toList();
            assertEquals(List.of(27L, 34L, 40L), kept);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertEquals(40 - 27, journal.persistedInStorage(pid).size()));
        StateView before = view(peer);
        stopPeer(peer);

        Peer again = startPeer(pid, settings);
        assertEquals(before.tree().digest(), again.recovered().tree().digest());
        assertEquals(before.tree().recomputeDigest(), again.recovered().tree().recomputeDigest());
        assertEquals(before.committedZxid(), again.recovered().committedZxid());
        List<Txn> more = workload.next(30);
        append(again, more, more.get(29).zxid());
        // retention counts only saves confirmed since the restart (see LogPruner): one new snapshot
        // prunes nothing yet, snapRetainCount new ones prune everything older
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of(27L, 34L, 40L, 41L),
                snapshots.persistedInStorage(pid).stream().map(p -> p.first().sequenceNr()).toList()));
        for (int i = 0; i < 2; i++) {
            List<Txn> next = workload.next(20);
            append(again, next, next.get(19).zxid());
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of(41L, 42L, 43L),
                snapshots.persistedInStorage(pid).stream().map(p -> p.first().sequenceNr()).toList()));
    }
}
