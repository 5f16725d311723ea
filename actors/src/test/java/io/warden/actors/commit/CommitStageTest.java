package io.warden.actors.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.warden.actors.watch.WatchKind;
import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.WatcherType;
import io.warden.api.data.Zxid;
import io.warden.persistence.replica.AppliedTxn;
import io.warden.persistence.tree.ApplyResult;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CommitStageTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final long SESSION = 7;

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** Records each event with the zxid of the view that was published when the event was queued. */
    private static final class RecordingChannel implements ClientChannel {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final ReadView view;

        RecordingChannel(ReadView view) {
            this.view = view;
        }

        @Override
        public long channelId() {
            return 1;
        }

        @Override
        public boolean mayRead(List<Acl> acl) {
            return true;
        }

        @Override
        public void sendWatchEvent(String path, EventType type, long zxid) {
            seen.add(type + " " + path + " zxid " + zxid + " @view " + Zxid.toHex(view.current().lastProcessedZxid()));
        }
    }

    private static Txn txn(long counter, int cxid, TxnBody body) {
        return new Txn(SESSION, cxid, Zxid.of(1, counter), 1_000 + counter, body);
    }

    /** The writer of the txns with these counters (epoch 1). */
    private static CommitStage.ExpectWrites expect(ActorRef<CommitStage.Outcome> writer, long... counters) {
        List<CommitStage.Writer> writers = new java.util.ArrayList<>();
        for (long counter : counters) {
            writers.add(new CommitStage.Writer(Zxid.of(1, counter), writer));
        }
        return new CommitStage.ExpectWrites(writers);
    }

    private static CommitStage.Applied apply(DataTree[] tree, Txn... txns) {
        List<AppliedTxn> applied = new java.util.ArrayList<>();
        for (Txn txn : txns) {
            ApplyResult result = tree[0].apply(txn);
            tree[0] = result.tree();
            applied.add(new AppliedTxn(txn, result.result(), result.triggers()));
        }
        return new CommitStage.Applied(applied, tree[0]);
    }

    @Test
    void eventIsQueuedBeforeTheViewShowingTheChangeIsPublishedAndBeforeTheWriterHears() {
        DataTree[] tree = {DataTree.fresh()};
        ReadView view = new ReadView(tree[0]);
        RecordingChannel channel = new RecordingChannel(view);
        ActorRef<CommitStage.Command> stage = testKit.spawn(CommitStage.create(view));
        TestProbe<CommitStage.Outcome> writer = testKit.createTestProbe();
        stage.tell(expect(writer.getRef(), 1, 2, 3));

        stage.tell(apply(tree, txn(1, 0, new TxnBody.CreateSession(30_000)),
                txn(2, 1, new TxnBody.Create("/a", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, 0, 1))));
        writer.expectMessageClass(CommitStage.WriteCompleted.class);
        writer.expectMessageClass(CommitStage.WriteCompleted.class);

        TestProbe<CommitStage.Outcome> reader = testKit.createTestProbe();
        stage.tell(new CommitStage.RegisterWatch(channel, "/a", WatchKind.DATA, Zxid.of(1, 2), 5, reader.getRef()));
        assertEquals(new CommitStage.Done(5, Code.OK, Zxid.of(1, 2)), reader.receiveMessage());

        stage.tell(apply(tree, txn(3, 2, new TxnBody.SetData("/a", "x".getBytes(), 1))));
        CommitStage.WriteCompleted done = (CommitStage.WriteCompleted) writer.receiveMessage();
        assertEquals(Zxid.of(1, 3), done.zxid());
        assertEquals(List.of("NODE_DATA_CHANGED /a zxid " + Zxid.of(1, 3) + " @view 0x100000002"), channel.seen,
                "the event went out while the view still showed the old data");
        assertEquals(Zxid.of(1, 3), view.current().lastProcessedZxid());
    }

    /**
     * A session that moved to a new connection while its old one still had writes in flight: each
     * write's reply goes to the connection that sent it, and a closed connection's replies are
     * dropped, never delivered to the session's new connection under a cxid it may reuse.
     */
    @Test
    void repliesGoToTheConnectionThatSentTheWriteNotToTheSessionsNewOne() {
        DataTree[] tree = {DataTree.fresh()};
        ReadView view = new ReadView(tree[0]);
        ActorRef<CommitStage.Command> stage = testKit.spawn(CommitStage.create(view));
        TestProbe<CommitStage.Outcome> oldConnection = testKit.createTestProbe();
        TestProbe<CommitStage.Outcome> newConnection = testKit.createTestProbe();
        RecordingChannel oldChannel = new RecordingChannel(view);
        stage.tell(expect(oldConnection.getRef(), 1, 2, 3));
        stage.tell(expect(newConnection.getRef(), 4));

        stage.tell(apply(tree, txn(1, 0, new TxnBody.CreateSession(30_000)),
                txn(2, 1, new TxnBody.Create("/a", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, 0, 1))));
        assertEquals(Zxid.of(1, 1), ((CommitStage.WriteCompleted) oldConnection.receiveMessage()).zxid());
        assertEquals(Zxid.of(1, 2), ((CommitStage.WriteCompleted) oldConnection.receiveMessage()).zxid());

        stage.tell(new CommitStage.ChannelClosed(oldChannel, oldConnection.getRef()));
        stage.tell(apply(tree, txn(3, 1, new TxnBody.SetData("/a", "x".getBytes(), 1)),
                txn(4, 1, new TxnBody.SetData("/a", "y".getBytes(), 2))));
        CommitStage.WriteCompleted reply = (CommitStage.WriteCompleted) newConnection.receiveMessage();
        assertEquals(Zxid.of(1, 4), reply.zxid(), "the new connection hears only of its own write");
        newConnection.expectNoMessage(java.time.Duration.ofMillis(100));
        oldConnection.expectNoMessage(java.time.Duration.ofMillis(100));
    }

    @Test
    void aWriterAnnouncedAfterItsTxnWasAppliedStopsTheStage() {
        DataTree[] tree = {DataTree.fresh()};
        ReadView view = new ReadView(tree[0]);
        ActorRef<CommitStage.Command> stage = testKit.spawn(CommitStage.create(view));
        TestProbe<CommitStage.Outcome> writer = testKit.createTestProbe();
        CommitStage.Applied applied = apply(tree, txn(1, 0, new TxnBody.CreateSession(30_000)));
        view.publish(applied.tree());
        stage.tell(expect(writer.getRef(), 1));
        writer.expectTerminated(stage, java.time.Duration.ofSeconds(10));
    }

    @Test
    void registrationThatMissedAChangeFiresAtOnce() {
        DataTree[] tree = {DataTree.fresh()};
        ReadView view = new ReadView(tree[0]);
        RecordingChannel channel = new RecordingChannel(view);
        ActorRef<CommitStage.Command> stage = testKit.spawn(CommitStage.create(view));
        TestProbe<CommitStage.Outcome> probe = testKit.createTestProbe();
        stage.tell(apply(tree, txn(1, 0, new TxnBody.CreateSession(30_000)),
                txn(2, 1, new TxnBody.Create("/a", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, 0, 1)),
                txn(3, 2, new TxnBody.SetData("/a", "x".getBytes(), 1))));
        // The read saw zxid 2; the change at 3 was applied before the registration arrived.
        stage.tell(new CommitStage.RegisterWatch(channel, "/a", WatchKind.DATA, Zxid.of(1, 2), 9, probe.getRef()));
        probe.expectMessageClass(CommitStage.Done.class);
        assertEquals(List.of("NODE_DATA_CHANGED /a zxid -1 @view 0x100000003"), channel.seen);
        stage.tell(new CommitStage.RemoveWatches(channel, "/a", WatcherType.DATA, false, 10, probe.getRef()));
        assertEquals(Code.NO_WATCHER, ((CommitStage.Done) probe.receiveMessage()).code(), "the fired watch is gone");
    }

    @Test
    void syncIsAnsweredOnceItsZxidIsApplied() {
        DataTree[] tree = {DataTree.fresh()};
        ReadView view = new ReadView(tree[0]);
        ActorRef<CommitStage.Command> stage = testKit.spawn(CommitStage.create(view));
        TestProbe<CommitStage.Outcome> probe = testKit.createTestProbe();
        stage.tell(new CommitStage.AwaitApplied(Zxid.of(1, 1), 3, probe.getRef()));
        probe.expectNoMessage();
        stage.tell(apply(tree, txn(1, 0, new TxnBody.CreateSession(30_000))));
        CommitStage.Done done = assertInstanceOf(CommitStage.Done.class, probe.receiveMessage());
        assertEquals(3, done.xid());
        assertEquals(Zxid.of(1, 1), done.zxid());
    }
}
