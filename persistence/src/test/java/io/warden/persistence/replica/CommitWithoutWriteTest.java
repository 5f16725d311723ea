package io.warden.persistence.replica;

import com.typesafe.config.ConfigFactory;
import io.warden.persistence.journal.FileJournal;
import io.warden.persistence.journal.LogStats;
import io.warden.persistence.replica.FileLogHarness.Running;
import io.warden.persistence.replica.ReplicaLog.Applied;
import io.warden.persistence.replica.ReplicaLog.Commit;
import io.warden.persistence.replica.ReplicaLog.Recovered;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.replica.ReplicaLog.StateView;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.Persistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A follower's COMMIT on the real file journal (ADR 0017): applied with no frame written and no
 * fsync; after a crash before the next write the txns come back pending, and committing them
 * again gives the same tree (nothing lost, nothing applied twice).
 */
class CommitWithoutWriteTest {
    private static final Settings SETTINGS = Settings.DEFAULT.withSnapshots(new SnapshotPolicy(1_000_000, 3));

    @TempDir
    Path dir;

    static LogStats journalStats(ActorTestKit testKit) throws Exception {
        var journal = Persistence.get(Adapter.toClassic(testKit.system())).journalFor("", ConfigFactory.empty());
        return (LogStats) Patterns.ask(journal, FileJournal.GetStats.INSTANCE, Duration.ofSeconds(10))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCommitWritesNoFrame_andAfterACrashItsTxnsComeBackPendingAndApplyOnceMore() throws Exception {
        Workload workload = new Workload(Workload.seed("aCommitWritesNoFrame"));
        List<Txn> txns;
        DataTree beforeCommit;
        DataTree committed;
        ActorTestKit first = ActorTestKit.create("first", FileLogHarness.config(dir));
        try {
            Running running = FileLogHarness.start(first, ReplicaLog.PERSISTENCE_ID, SETTINGS);
            FileLogHarness.write(first, running, workload, 10, 5, 1, 0);
            running.listener().receiveSeveralMessages(2, FileLogHarness.LONG);
            txns = workload.next(4);
            TestProbe<StatusReply<ReplicaLog.Logged>> logged = first.createTestProbe();
            running.log().tell(new ReplicaLog.Append(txns, 0, logged.getRef()));
            assertEquals(txns.get(3).zxid(), logged.receiveMessage(FileLogHarness.LONG).getValue().lastZxid());
            beforeCommit = FileLogHarness.view(first, running).tree();
            LogStats beforeStats = journalStats(first);

            running.log().tell(new Commit(txns.get(3).zxid()));
            Applied applied = running.listener().expectMessageClass(Applied.class, FileLogHarness.LONG);
            assertEquals(txns, applied.applied().stream().map(AppliedTxn::txn).toList());
            committed = applied.tree();
            StateView view = FileLogHarness.view(first, running);
            assertEquals(txns.get(3).zxid(), view.committedZxid());
            LogStats afterStats = journalStats(first);
            assertEquals(beforeStats.framesWritten(), afterStats.framesWritten(), "frames written for a COMMIT");
            assertEquals(beforeStats.fsyncs(), afterStats.fsyncs(), "fsyncs for a COMMIT");
        } finally {
            // the commit was never written, so stopping here leaves what a crash would
            first.shutdownTestKit();
        }

        ActorTestKit second = ActorTestKit.create("second", FileLogHarness.config(dir));
        try {
            Running running = FileLogHarness.start(second, ReplicaLog.PERSISTENCE_ID, SETTINGS);
            Recovered recovered = running.recovered();
            assertEquals(txns, recovered.pending(), "logged, not known committed: pending for the next leader");
            assertEquals(beforeCommit.digest(), recovered.tree().digest());
            assertEquals(txns.get(0).zxid() - 1, recovered.committedZxid());

            running.log().tell(new Commit(txns.get(3).zxid()));
            Applied again = running.listener().expectMessageClass(Applied.class, FileLogHarness.LONG);
            assertEquals(txns, again.applied().stream().map(AppliedTxn::txn).toList());
            assertEquals(committed.digest(), again.tree().digest());
            assertEquals(committed.recomputeDigest(), again.tree().recomputeDigest());
        } finally {
            second.shutdownTestKit();
        }
    }

    /**
     * A follower's pattern, with snapshots: proposals in one message, their COMMIT in a later one.
     * The journal's commit mark lags the served tree and the snapshots are taken from the journal's
     * state; a restart plus the COMMIT a new leader would send gives the served tree back.
     */
    @Test
    void followerStyleCommitsWithSnapshots_restartAndRecommitGiveTheServedTreeBack() throws Exception {
        Settings settings = Settings.DEFAULT.withSnapshots(new SnapshotPolicy(50, 3));
        Workload workload = new Workload(Workload.seed("followerStyleCommitsWithSnapshots"));
        StateView served;
        ActorTestKit first = ActorTestKit.create("first", FileLogHarness.config(dir));
        try {
            Running running = FileLogHarness.start(first, ReplicaLog.PERSISTENCE_ID, settings);
            TestProbe<StatusReply<ReplicaLog.Logged>> logged = first.createTestProbe();
            long previous = 0;
            for (int i = 0; i < 60; i++) {
                List<Txn> txns = workload.next(1 + i % 4);
                running.log().tell(new ReplicaLog.Append(txns, 0, logged.getRef()));
                if (previous != 0) {
                    running.log().tell(new Commit(previous));
                }
                assertEquals(txns.get(txns.size() - 1).zxid(), logged.receiveMessage(FileLogHarness.LONG).getValue().lastZxid());
                previous = txns.get(txns.size() - 1).zxid();
            }
            served = FileLogHarness.view(first, running);
            assertEquals(workload.lastZxid(), served.lastLoggedZxid());
            assertEquals(served.tree().recomputeDigest(), served.tree().digest());
            await().atMost(FileLogHarness.LONG)
                    .until(() -> FileLogHarness.snapshotFiles(dir).size() >= 2);
        } finally {
            first.shutdownTestKit();
        }

        ActorTestKit second = ActorTestKit.create("second", FileLogHarness.config(dir));
        try {
            Running running = FileLogHarness.start(second, ReplicaLog.PERSISTENCE_ID, settings);
            Recovered recovered = running.recovered();
            List<Txn> pending = recovered.pending();
            long recoveredLast = pending.isEmpty() ? recovered.committedZxid() : pending.get(pending.size() - 1).zxid();
            assertEquals(served.lastLoggedZxid(), recoveredLast, "nothing logged is lost");
            running.log().tell(new Commit(served.committedZxid()));
            StateView again = FileLogHarness.view(second, running);
            assertEquals(served.committedZxid(), again.committedZxid());
            assertEquals(served.tree().digest(), again.tree().digest());
            assertEquals(served.tree().digest(), again.tree().recomputeDigest());
            assertEquals(served.pending(), again.pending());
        } finally {
            second.shutdownTestKit();
        }
    }
}
