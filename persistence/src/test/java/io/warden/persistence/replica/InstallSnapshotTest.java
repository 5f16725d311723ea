package io.warden.persistence.replica;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.persistence.journal.JournalSettings;
import io.warden.persistence.journal.LogConfig;
import io.warden.persistence.replica.FileLogHarness.Running;
import io.warden.persistence.replica.GatedSnapshotStore.Gate;
import io.warden.persistence.replica.ReplicaLog.Applied;
import io.warden.persistence.replica.ReplicaLog.Append;
import io.warden.persistence.replica.ReplicaLog.InstallSnapshot;
import io.warden.persistence.replica.ReplicaLog.Installed;
import io.warden.persistence.replica.ReplicaLog.Logged;
import io.warden.persistence.replica.ReplicaLog.Recovered;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.replica.ReplicaLog.StateView;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ZAB SNAP on the real file journal and snapshot store: the state becomes the leader's snapshot,
 * durably and atomically. The crash points between the steps (snapshot saved or not, install marked
 * or not) are reached by stopping the actor system while a save is held in the store; every layout
 * they leave passes the start-up check and recovers the old state or the new one, whole.
 */
class InstallSnapshotTest {
    private static final String PID = ReplicaLog.PERSISTENCE_ID;
    /** No snapshot points of its own: the only snapshot in these tests is the install's. */
    private static final Settings SETTINGS = Settings.DEFAULT.withSnapshots(new SnapshotPolicy(1_000_000, 3));

    @TempDir
    Path dir;

    @AfterEach
    void openTheGate() {
        GatedSnapshotStore.reset(Gate.OPEN);
    }

    private Config config() {
        return ConfigFactory.parseString(GatedSnapshotStore.CONFIG).withFallback(FileLogHarness.config(dir));
    }

    private LogConfig journal() {
        return JournalSettings.fromConfig(config().getConfig("warden.persistence.journal")).log();
    }

    /** The follower's own log: 40 txns of epoch 1, the last 5 still pending. */
    private StateView writeOldState(ActorTestKit kit, Running running) {
        FileLogHarness.write(kit, running, new Workload(91), 40, 5, 1, 1);
        StateView old = FileLogHarness.view(kit, running);
        assertEquals(5, old.pending().size());
        return old;
    }

    /** The leader's tree: 200 txns of epoch 2 on a fresh tree. */
    private static DataTree leaderTree(Workload leader) {
        DataTree tree = DataTree.fresh();
        for (Txn txn : leader.next(200)) {
            tree = tree.apply(txn).tree();
        }
        return tree;
    }

    private static StatusReply<Installed> install(ActorTestKit kit, Running running, DataTree tree, long zxid) {
        TestProbe<StatusReply<Installed>> reply = kit.createTestProbe();
        running.log().tell(new InstallSnapshot(tree, zxid, reply.getRef()));
        return reply.receiveMessage(FileLogHarness.LONG);
    }

    /** Skips the Applied of the old state's writes; the one that reaches zxid. */
    private static Applied appliedUpTo(Running running, long zxid) {
        while (true) {
            ReplicaLog.Output output = running.listener().receiveMessage(FileLogHarness.LONG);
            if (output instanceof Applied applied && applied.tree().lastProcessedZxid() >= zxid) {
                return applied;
            }
        }
    }

    private static long snapshotCount(Path dir) throws IOException {
        return Files.isDirectory(dir.resolve("data")) ? FileLogHarness.snapshotFiles(dir).size() : 0;
    }

    private Recovered restartAndCheck() throws IOException {
        assertNull(LogContinuity.check(journal(), dir.resolve("data"), PID), "the start-up check accepts the layout");
        ActorTestKit kit = ActorTestKit.create("restart", FileLogHarness.config(dir));
        try {
            return FileLogHarness.start(kit, PID, SETTINGS).recovered();
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void anInstalledSnapshotIsTheState_survivesRestart_andAppendsContinueFromItsZxid() throws IOException {
        Workload leader = new Workload(92, 2, 50);
        DataTree tree = leaderTree(leader);
        long zxid = tree.lastProcessedZxid();
        DataTree afterAppends;
        ActorTestKit kit = ActorTestKit.create("install", config());
        try {
            Running running = FileLogHarness.start(kit, PID, SETTINGS.withPlugins("", GatedSnapshotStore.PLUGIN));
            writeOldState(kit, running);

            StatusReply<Installed> reply = install(kit, running, tree, zxid);
            assertTrue(reply.isSuccess(), () -> "install failed: " + reply);
            assertEquals(new Installed(zxid), reply.getValue());
            StateView view = FileLogHarness.view(kit, running);
            assertEquals(tree.digest(), view.tree().digest());
            assertEquals(zxid, view.committedZxid());
            assertEquals(zxid, view.lastLoggedZxid());
            assertEquals(List.of(), view.pending());
            assertEquals(1, FileLogHarness.snapshotFiles(dir).size(), "the tree went to the snapshot store");

            List<Txn> next = leader.next(5);
            TestProbe<StatusReply<Logged>> logged = kit.createTestProbe();
            running.log().tell(new Append(next, next.get(4).zxid(), logged.getRef()));
            assertTrue(logged.receiveMessage(FileLogHarness.LONG).isSuccess());
            Applied applied = appliedUpTo(running, next.get(4).zxid());
            assertEquals(next, applied.applied().stream().map(AppliedTxn::txn).toList());
            afterAppends = applied.tree();
        } finally {
            kit.shutdownTestKit();
        }

        Recovered recovered = restartAndCheck();
        assertEquals(afterAppends.digest(), recovered.tree().digest());
        assertEquals(afterAppends.recomputeDigest(), recovered.tree().recomputeDigest());
        assertEquals(afterAppends.lastProcessedZxid(), recovered.committedZxid());
        assertEquals(List.of(), recovered.pending());
    }

    @Test
    void aCrashBeforeTheSnapshotIsSaved_recoversTheOldStateWhole() throws Exception {
        DataTree tree = leaderTree(new Workload(93, 2, 50));
        StateView old;
        GatedSnapshotStore.reset(Gate.BEFORE_SAVE);
        ActorTestKit kit = ActorTestKit.create("install", config());
        try {
            Running running = FileLogHarness.start(kit, PID, SETTINGS.withPlugins("", GatedSnapshotStore.PLUGIN));
            old = writeOldState(kit, running);
            running.log().tell(new InstallSnapshot(tree, tree.lastProcessedZxid(), kit.<StatusReply<Installed>>createTestProbe().getRef()));
            assertTrue(GatedSnapshotStore.reached.await(60, TimeUnit.SECONDS), "the install reached the store");
        } finally {
            kit.shutdownTestKit();
        }
        assertEquals(0, snapshotCount(dir));

        Recovered recovered = restartAndCheck();
        assertEquals(old.tree().digest(), recovered.tree().digest());
        assertEquals(old.committedZxid(), recovered.committedZxid());
        assertEquals(old.pending(), recovered.pending());
    }

    @Test
    void aCrashAfterTheSnapshotIsSavedBeforeTheInstallIsMarked_recoversTheNewStateWhole() throws Exception {
        DataTree tree = leaderTree(new Workload(94, 2, 50));
        GatedSnapshotStore.reset(Gate.AFTER_SAVE);
        ActorTestKit kit = ActorTestKit.create("install", config());
        try {
            Running running = FileLogHarness.start(kit, PID, SETTINGS.withPlugins("", GatedSnapshotStore.PLUGIN));
            writeOldState(kit, running);
            running.log().tell(new InstallSnapshot(tree, tree.lastProcessedZxid(), kit.<StatusReply<Installed>>createTestProbe().getRef()));
            assertTrue(GatedSnapshotStore.reached.await(60, TimeUnit.SECONDS), "the snapshot was saved");
        } finally {
            kit.shutdownTestKit();
        }
        assertEquals(1, FileLogHarness.snapshotFiles(dir).size());

        Recovered recovered = restartAndCheck();
        assertEquals(tree.digest(), recovered.tree().digest());
        assertEquals(tree.lastProcessedZxid(), recovered.committedZxid());
        assertEquals(List.of(), recovered.pending());
    }

    @Test
    void theInstallsSnapshotLost_theStartUpCheckRefusesToReplayTheLogOntoTheOldState() throws IOException {
        Workload leader = new Workload(95, 2, 50);
        DataTree tree = leaderTree(leader);
        ActorTestKit kit = ActorTestKit.create("install", config());
        try {
            Running running = FileLogHarness.start(kit, PID, SETTINGS.withPlugins("", GatedSnapshotStore.PLUGIN));
            writeOldState(kit, running);
            assertTrue(install(kit, running, tree, tree.lastProcessedZxid()).isSuccess());
            List<Txn> next = leader.next(3);
            TestProbe<StatusReply<Logged>> logged = kit.createTestProbe();
            running.log().tell(new Append(next, next.get(2).zxid(), logged.getRef()));
            assertTrue(logged.receiveMessage(FileLogHarness.LONG).isSuccess());
        } finally {
            kit.shutdownTestKit();
        }
        for (Path snapshot : FileLogHarness.snapshotFiles(dir)) {
            Files.delete(snapshot);
        }

        LogContinuity.Break found = LogContinuity.check(journal(), dir.resolve("data"), PID);
        assertNotNull(found, "replaying the log from its start would apply the leader's txns to the old tree");
        assertTrue(found.message().contains("installed a leader's snapshot at zxid 0x2000000c8"), found.message());
        assertTrue(found.message().contains("missing or damaged"), found.message());
    }

    @Test
    void aTreeThatDoesNotEndAtTheZxid_isRejectedAndChangesNothing() {
        DataTree tree = leaderTree(new Workload(96, 2, 50));
        ActorTestKit kit = ActorTestKit.create("install", config());
        try {
            Running running = FileLogHarness.start(kit, PID, SETTINGS.withPlugins("", GatedSnapshotStore.PLUGIN));
            StateView old = writeOldState(kit, running);
            StatusReply<Installed> reply = install(kit, running, tree, tree.lastProcessedZxid() + 1);
            assertTrue(reply.isError());
            assertTrue(reply.getError().getMessage().contains("ends at zxid"), reply.getError().getMessage());
            StateView after = FileLogHarness.view(kit, running);
            assertEquals(old.tree().digest(), after.tree().digest());
            assertEquals(old.pending(), after.pending());
        } finally {
            kit.shutdownTestKit();
        }
    }
}
