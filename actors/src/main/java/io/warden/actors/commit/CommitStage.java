package io.warden.actors.commit;

import io.warden.actors.watch.Delivery;
import io.warden.actors.watch.NodeVersions;
import io.warden.actors.watch.WatchKind;
import io.warden.actors.watch.WatchRegistry;
import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.EventType;
import io.warden.api.data.WatcherType;
import io.warden.api.data.Zxid;
import io.warden.persistence.tree.DataNode;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.tree.TxnResult;
import io.warden.persistence.replica.AppliedTxn;
import io.warden.persistence.tree.WatchTrigger;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Applies the effects of committed txns in zxid order: fires watches, publishes the read view,
 * completes the writers' requests (in that order; see the package doc). Owns the watch table.
 */
public final class CommitStage extends AbstractBehavior<CommitStage.Command> {

    public sealed interface Command {}

    /** Txns the replica log committed and applied, in zxid order, and the tree after the last. */
    public record Applied(List<AppliedTxn> txns, DataTree tree) implements Command {
        public Applied {
            txns = List.copyOf(txns);
        }
    }

    /**
     * Who hears of each of these txns once it is applied: the session actor (the connection) that
     * sent the write, as ZooKeeper replies on the connection a request came in on. Told before
     * the txns are handed to the log, so it is here before they can be applied. A session that
     * moved to a new connection meanwhile does not get the old connection's replies.
     */
    public record ExpectWrites(List<Writer> writers) implements Command {
        public ExpectWrites {
            writers = List.copyOf(writers);
        }
    }

    /** The txn with this zxid was written for {@code replyTo}. */
    public record Writer(long zxid, ActorRef<Outcome> replyTo) {}

    /** A one-shot watch set by a read that saw the tree at {@code viewZxid}. */
    public record RegisterWatch(ClientChannel channel, String path, WatchKind kind, long viewZxid,
                                int xid, ActorRef<Outcome> replyTo) implements Command {}

    /** addWatch. */
    public record AddPersistentWatch(ClientChannel channel, String path, boolean recursive,
                                     int xid, ActorRef<Outcome> replyTo) implements Command {}

    /** removeWatches ({@code checkOnly} false) or checkWatches ({@code checkOnly} true). */
    public record RemoveWatches(ClientChannel channel, String path, WatcherType type, boolean checkOnly,
                                int xid, ActorRef<Outcome> replyTo) implements Command {}

    /** setWatches / setWatches2: a reconnecting client's watches, as of {@code relativeZxid}. */
    public record SetWatches(ClientChannel channel, long relativeZxid, List<String> dataWatches,
                             List<String> existWatches, List<String> childWatches,
                             List<String> persistentWatches, List<String> persistentRecursiveWatches,
                             int xid, ActorRef<Outcome> replyTo) implements Command {}

    /** sync: answer once everything up to {@code zxid} is applied here. */
    public record AwaitApplied(long zxid, int xid, ActorRef<Outcome> replyTo) implements Command {}

    /**
     * The connection closed and its session actor ({@code writer}) stopped: its watches go, and
     * replies to its writes still in flight are dropped, as ZooKeeper drops them.
     */
    public record ChannelClosed(ClientChannel channel, ActorRef<Outcome> writer) implements Command {}

    /** For the wchs/wchc/wchp four-letter words. */
    public record GetWatchReport(ActorRef<WatchReport> replyTo) implements Command {}

    public record WatchReport(long watchCount, int pathCount, int connectionCount,
                              Map<ClientChannel, List<String>> pathsByChannel,
                              Map<String, List<ClientChannel>> channelsByPath) {}

    /** What the stage tells a session. */
    public sealed interface Outcome {}

    /** The session's write {@code cxid} was committed at {@code zxid} with this result. */
    public record WriteCompleted(int cxid, long zxid, TxnResult result) implements Outcome {}

    /** A watch or sync operation the session asked for is done. */
    public record Done(int xid, Code code, long zxid) implements Outcome {}

    public static Behavior<Command> create(ReadView view) {
        return Behaviors.setup(context -> new CommitStage(context, view));
    }

    private final ReadView view;
    private final WatchRegistry<ClientChannel> watches = new WatchRegistry<>();
    /** Writers of txns prepared but not yet applied, by zxid; bounded by the outstanding writes. */
    private final Map<Long, ActorRef<Outcome>> writers = new HashMap<>();
    /** Syncs waiting for their zxid, in zxid order (they arrive in proposal order). */
    private final ArrayDeque<AwaitApplied> syncs = new ArrayDeque<>();

    private CommitStage(ActorContext<Command> context, ReadView view) {
        super(context);
        this.view = view;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Applied.class, this::onApplied)
                .onMessage(ExpectWrites.class, this::onExpectWrites)
                .onMessage(RegisterWatch.class, this::onRegisterWatch)
                .onMessage(AddPersistentWatch.class, this::onAddPersistentWatch)
                .onMessage(RemoveWatches.class, this::onRemoveWatches)
                .onMessage(SetWatches.class, this::onSetWatches)
                .onMessage(AwaitApplied.class, this::onAwaitApplied)
                .onMessage(ChannelClosed.class, this::onChannelClosed)
                .onMessage(GetWatchReport.class, this::onGetWatchReport)
                .build();
    }

    private Behavior<Command> onApplied(Applied applied) {
        for (AppliedTxn txn : applied.txns()) {
            for (WatchTrigger trigger : txn.triggers()) {
                deliver(watches.trigger(trigger.path(), trigger.type()), trigger.acl(), txn.txn().zxid());
            }
        }
        view.publish(applied.tree());
        long zxid = applied.tree().lastProcessedZxid();
        for (AppliedTxn txn : applied.txns()) {
            ActorRef<Outcome> writer = writers.remove(txn.txn().zxid());
            if (writer != null) {
                writer.tell(new WriteCompleted(txn.txn().cxid(), txn.txn().zxid(), txn.result()));
            }
        }
        while (!syncs.isEmpty() && syncs.peekFirst().zxid() <= zxid) {
            AwaitApplied sync = syncs.pollFirst();
            sync.replyTo().tell(new Done(sync.xid(), Code.OK, zxid));
        }
        return this;
    }

    private Behavior<Command> onChannelClosed(ChannelClosed m) {
        watches.removeConnection(m.channel());
        writers.values().removeIf(m.writer()::equals);
        return this;
    }

    private Behavior<Command> onExpectWrites(ExpectWrites m) {
        long applied = view.current().lastProcessedZxid();
        for (Writer writer : m.writers()) {
            if (writer.zxid() <= applied) {
                // The log applied a txn before its writer was announced: the hand-off order broke.
                throw new IllegalStateException("writer of " + Zxid.toHex(writer.zxid())
                        + " announced after the txn was applied (applied up to " + Zxid.toHex(applied) + ")");
            }
            writers.put(writer.zxid(), writer.replyTo());
        }
        return this;
    }

    /**
     * Sends each fired watch's event to a session that may READ the node the event is about
     * ({@code acl}: that node's ACL, the parent's for NodeChildrenChanged). A one-shot watch of
     * a session that may not is used up all the same, as in ZooKeeper, which removes the watch
     * before the connection filters the event.
     */
    private static void deliver(List<Delivery<ClientChannel>> deliveries, List<Acl> acl, long zxid) {
        for (Delivery<ClientChannel> delivery : deliveries) {
            if (delivery.connection().mayRead(acl)) {
                delivery.connection().sendWatchEvent(delivery.path(), delivery.type(), zxid);
            }
        }
    }

    private NodeVersions versions(String path) {
        Optional<DataNode> node = view.current().node(path);
        return node.map(n -> new NodeVersions(n.czxid(), n.mzxid(), n.pzxid())).orElse(null);
    }

    private Behavior<Command> onRegisterWatch(RegisterWatch m) {
        watches.register(m.channel(), m.path(), m.kind(), m.viewZxid(), this::versions)
                .ifPresent(missed -> sendMissed(m.channel(), m.path(), missed));
        m.replyTo().tell(new Done(m.xid(), Code.OK, view.current().lastProcessedZxid()));
        return this;
    }

    private Behavior<Command> onAddPersistentWatch(AddPersistentWatch m) {
        watches.addPersistent(m.channel(), m.path(), m.recursive());
        m.replyTo().tell(new Done(m.xid(), Code.OK, view.current().lastProcessedZxid()));
        return this;
    }

    private Behavior<Command> onRemoveWatches(RemoveWatches m) {
        boolean held = m.checkOnly()
                ? watches.holds(m.channel(), m.path(), m.type())
                : watches.remove(m.channel(), m.path(), m.type());
        m.replyTo().tell(new Done(m.xid(), held ? Code.OK : Code.NO_WATCHER, view.current().lastProcessedZxid()));
        return this;
    }

    private Behavior<Command> onSetWatches(SetWatches m) {
        register(m, m.dataWatches(), WatchKind.DATA);
        register(m, m.existWatches(), WatchKind.EXIST);
        register(m, m.childWatches(), WatchKind.CHILD);
        m.persistentWatches().forEach(path -> watches.addPersistent(m.channel(), path, false));
        m.persistentRecursiveWatches().forEach(path -> watches.addPersistent(m.channel(), path, true));
        m.replyTo().tell(new Done(m.xid(), Code.OK, view.current().lastProcessedZxid()));
        return this;
    }

    /**
     * A reconnecting client's watches are checked against what changed since the zxid it last saw;
     * a data watch on a node that is gone fires NodeDeleted, as ZooKeeper does.
     */
    private void register(SetWatches m, List<String> paths, WatchKind kind) {
        for (String path : paths) {
            Optional<EventType> missed = watches.register(m.channel(), path, kind, m.relativeZxid(), this::versions);
            missed.ifPresent(type -> sendMissed(m.channel(), path, type));
        }
    }

    /**
     * An event a watch missed between its read and its registration, filtered by READ on the node
     * as it is now; a node that is gone (NodeDeleted) can no longer be read, and the session
     * could read it when it set the watch. Also used for setWatches, where ZooKeeper 3.9 sends
     * missed events unfiltered: Warden does not tell a reconnecting session of a node it may not
     * read either.
     */
    private void sendMissed(ClientChannel channel, String path, EventType type) {
        Optional<DataNode> node = view.current().node(path);
        if (node.isEmpty() || channel.mayRead(node.get().acl())) {
            channel.sendWatchEvent(path, type, ClientChannel.NO_ZXID);
        }
    }

    private Behavior<Command> onAwaitApplied(AwaitApplied m) {
        long applied = view.current().lastProcessedZxid();
        if (m.zxid() <= applied && syncs.isEmpty()) {
            m.replyTo().tell(new Done(m.xid(), Code.OK, applied));
        } else {
            syncs.addLast(m);
        }
        return this;
    }

    private Behavior<Command> onGetWatchReport(GetWatchReport m) {
        m.replyTo().tell(new WatchReport(watches.watchCount(), watches.pathCount(), watches.connectionCount(),
                watches.pathsByConnection(), watches.connectionsByPath()));
        return this;
    }
}
