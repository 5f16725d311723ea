package io.warden.persistence.replica;

import io.warden.persistence.replica.FileLogHarness.Running;
import io.warden.persistence.replica.ReplicaLog.Append;
import io.warden.persistence.replica.ReplicaLog.Applied;
import io.warden.persistence.replica.ReplicaLog.Commit;
import io.warden.persistence.replica.ReplicaLog.InstallSnapshot;
import io.warden.persistence.replica.ReplicaLog.Installed;
import io.warden.persistence.replica.ReplicaLog.Logged;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ReadTxnsAfter} with main's replica log: a COMMIT applied by the front's view without a
 * journal write (ADR 0017) is part of the next DIFF read, from memory and from the journal, and
 * stays part of it without a hole once the journal learns it; a snapshot installed by SNAP
 * (ADR 0018) restarts the DIFF source at its zxid (ADR 0019), on the real file journal.
 */
class ReadTxnsAfterAheadAndInstallTest {
    private static final String PID = ReplicaLog.PERSISTENCE_ID;
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

    /** A window of commitLogCount txns, the journal's size limit out of the way, no snapshot points. */
    private static Settings settings(int commitLogCount) {
        return Settings.DEFAULT.withSnapshots(new SnapshotPolicy(1_000_000, 3))
                .withDiff(DiffPolicy.DEFAULT.withCommitLog(commitLogCount, Long.MAX_VALUE).withSnapshotSizeFactor(1e9));
    }

    /** Proposals logged, not committed (a follower's append). */
    private static void propose(ActorTestKit kit, Running running, List<Txn> txns) {
        TestProbe<StatusReply<Logged>> logged = kit.createTestProbe();
        running.log().tell(new Append(txns, 0, logged.getRef()));
        StatusReply<Logged> reply = logged.receiveMessage(FileLogHarness.LONG);
        assertTrue(reply.isSuccess(), () -> "append failed: " + reply);
    }

    /** Appends of 5 txns that commit themselves (standalone's writes). */
    private static void writeCommitted(ActorTestKit kit, Running running, List<Txn> txns) {
        TestProbe<StatusReply<Logged>> logged = kit.createTestProbe();
        for (int i = 0; i < txns.size(); i += 5) {
            List<Txn> batch = txns.subList(i, Math.min(i + 5, txns.size()));
            running.log().tell(new Append(batch, batch.get(batch.size() - 1).zxid(), logged.getRef()));
            StatusReply<Logged> reply = logged.receiveMessage(FileLogHarness.LONG);
            assertTrue(reply.isSuccess(), () -> "append failed: " + reply);
        }
    }

    /** A follower's COMMIT, applied by the view with no write: waits for the Applied that reaches it. */
    private static void commit(Running running, long zxid) {
        running.log().tell(new Commit(zxid));
        while (true) {
            ReplicaLog.Output output = running.listener().receiveMessage(FileLogHarness.LONG);
            if (output instanceof Applied applied && applied.tree().lastProcessedZxid() >= zxid) {
                assertEquals(zxid, applied.tree().lastProcessedZxid());
                return;
            }
        }
    }

    @Test
    void aCommitAppliedWithoutAWrite_isInTheNextRead_fromMemoryAndFromTheJournal_andStaysWithoutAHole() {
        ActorTestKit kit = kit("ahead");
        Running running = FileLogHarness.start(kit, PID, settings(5));
        Workload workload = new Workload(Workload.seed("aCommitAppliedWithoutAWrite_isInTheNextRead"));
        List<Txn> written = new ArrayList<>(workload.next(20));
        writeCommitted(kit, running, written);
        long committedByTheJournal = written.get(19).zxid();

        List<Txn> ahead = workload.next(4);
        propose(kit, running, ahead);
        commit(running, ahead.get(3).zxid());
        written.addAll(ahead);
        assertEquals(ahead.get(3).zxid(), FileLogHarness.view(kit, running).committedZxid());

        // memory: the window (5) reaches back past the journal's commit mark; the view's commits follow it
        assertEquals(new TxnsAfter.Available(committedByTheJournal, ahead),
                read(kit, running, committedByTheJournal, ALL));
        assertEquals(new TxnsAfter.Available(ahead.get(1).zxid(), ahead.subList(2, 4)),
                read(kit, running, ahead.get(1).zxid(), ALL));
        assertEquals(new TxnsAfter.Available(ahead.get(3).zxid(), List.of()),
                read(kit, running, ahead.get(3).zxid(), ALL));
        // the limits count the view's commits too
        assertInstanceOf(TxnsAfter.NotAvailable.class, read(kit, running, committedByTheJournal, 3));
        // the journal: older than the window, replayed up to the view's zxid, not the journal's mark
        assertEquals(new TxnsAfter.Available(written.get(9).zxid(), written.subList(10, 24)),
                read(kit, running, written.get(9).zxid(), ALL));

        // the next proposals carry the commit mark and the view's tree: the window must still get
        // every txn the write commits, though the state applies none of them a second time
        List<Txn> more = workload.next(3);
        propose(kit, running, more);
        commit(running, more.get(2).zxid());
        written.addAll(more);
        List<Txn> more2 = workload.next(2);
        propose(kit, running, more2);
        commit(running, more2.get(1).zxid());
        written.addAll(more2);
        for (int after = 9; after < written.size(); after++) {
            assertEquals(new TxnsAfter.Available(written.get(after).zxid(), written.subList(after + 1, written.size())),
                    read(kit, running, written.get(after).zxid(), ALL), "after txn " + after);
        }
    }

    @Test
    void afterAnInstall_readsFromBeforeItAreNotAvailable_andFromItsZxidReturnTheTxnsAppendedSince() {
        ActorTestKit kit = kit("install");
        Running running = FileLogHarness.start(kit, PID, settings(500));
        Workload old = new Workload(Workload.seed("afterAnInstall_readsFromBeforeItAreNotAvailable"));
        List<Txn> oldTxns = old.next(40);
        writeCommitted(kit, running, oldTxns);
        assertEquals(new TxnsAfter.Available(oldTxns.get(29).zxid(), oldTxns.subList(30, 40)),
                read(kit, running, oldTxns.get(29).zxid(), ALL));

        Workload leader = new Workload(93, 2, 50);
        DataTree tree = DataTree.fresh();
        for (Txn txn : leader.next(100)) {
            tree = tree.apply(txn).tree();
        }
        long installedZxid = tree.lastProcessedZxid();
        TestProbe<StatusReply<Installed>> installed = kit.createTestProbe();
        running.log().tell(new InstallSnapshot(tree, installedZxid, installed.getRef()));
        StatusReply<Installed> reply = installed.receiveMessage(FileLogHarness.LONG);
        assertTrue(reply.isSuccess(), () -> "install failed: " + reply);

        for (long before : new long[]{0, oldTxns.get(29).zxid(), oldTxns.get(39).zxid(), installedZxid - 1}) {
            assertInstanceOf(TxnsAfter.NotAvailable.class, read(kit, running, before, ALL));
        }
        assertEquals(new TxnsAfter.Available(installedZxid, List.of()), read(kit, running, installedZxid, ALL));

        List<Txn> next = leader.next(6);
        propose(kit, running, next.subList(0, 3));
        running.log().tell(new Commit(next.get(2).zxid()));
        propose(kit, running, next.subList(3, 6));
        commit(running, next.get(5).zxid());
        assertEquals(new TxnsAfter.Available(installedZxid, next), read(kit, running, installedZxid, ALL));
        assertEquals(new TxnsAfter.Available(next.get(1).zxid(), next.subList(2, 6)),
                read(kit, running, next.get(1).zxid(), ALL));
        assertInstanceOf(TxnsAfter.NotAvailable.class, read(kit, running, oldTxns.get(39).zxid(), ALL));
        kit.shutdownTestKit();
        kits.remove(kit);

        // recovery starts from the install's snapshot: the same answers, rebuilt from the journal's tail
        ActorTestKit again = kit("install-restarted");
        Running restarted = FileLogHarness.start(again, PID, settings(500));
        assertEquals(next.get(2).zxid(), restarted.recovered().committedZxid(), "the journal learnt the commit of the first three with the next three");
        commit(restarted, next.get(5).zxid());
        assertEquals(new TxnsAfter.Available(installedZxid, next), read(again, restarted, installedZxid, ALL));
        assertInstanceOf(TxnsAfter.NotAvailable.class, read(again, restarted, oldTxns.get(39).zxid(), ALL));
    }

    private static TxnsAfter read(ActorTestKit kit, Running running, long afterZxid, int maxTxns) {
        TestProbe<StatusReply<TxnsAfter>> reply = kit.createTestProbe();
        running.log().tell(new ReadTxnsAfter(afterZxid, maxTxns, Long.MAX_VALUE, reply.getRef()));
        StatusReply<TxnsAfter> answer = reply.receiveMessage(FileLogHarness.LONG);
        assertTrue(answer.isSuccess(), () -> "the log failed: " + answer);
        return answer.getValue();
    }
}
