package io.warden.actors.ensemble;

import io.warden.actors.commit.CommitStage;
import io.warden.actors.peer.PeerMessage;
import io.warden.actors.peer.Peers;
import io.warden.actors.peer.RoleCommand;
import io.warden.actors.request.RequestProcessor;
import io.warden.actors.request.WriteOps;
import io.warden.actors.session.SessionTracker;
import io.warden.actors.zab.FollowerEpochs;
import io.warden.actors.zab.ZabPacket;
import io.warden.api.data.Code;
import io.warden.api.data.Zxid;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.WireCodec;
import io.warden.persistence.replica.ReplicaLog;
import io.warden.persistence.tree.TxnResult;
import io.warden.persistence.txn.Txn;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * A follower's (or observer's) phases after the election chose its leader: discovery
 * (FOLLOWERINFO, LEADERINFO, the accepted epoch made durable before ACKEPOCH), synchronization
 * (the leader's TRUNC or DIFF and its txns go to the log in arrival order; NEWLEADER is acked
 * once the log holds them all and the new current epoch, durably), then broadcast: proposals are
 * logged and acked once durable, commits applied, and clients served from the local view with
 * writes, new sessions and sync forwarded to the leader.
 *
 * <p>Anything that does not fit (a refused append, SNAP, which this build cannot install yet, or
 * no UPTODATE within the sync bound) ends the role: the peer looks again.
 */
public final class FollowerRole extends AbstractBehavior<RoleCommand> {

    private enum Phase { DISCOVERY, SYNC, SERVING }

    private record PositionRead(StatusReply<ReplicaLog.StateView> reply) implements RoleCommand {}

    private record EpochAccepted(StatusReply<ReplicaLog.Epochs> reply) implements RoleCommand {}

    private record CurrentEpochSet(long epoch, StatusReply<ReplicaLog.Epochs> reply) implements RoleCommand {}

    private record Logged(StatusReply<ReplicaLog.Logged> reply) implements RoleCommand {}

    private record Truncated(StatusReply<ReplicaLog.Truncated> reply) implements RoleCommand {}

    private record ServingState(StatusReply<ReplicaLog.StateView> reply) implements RoleCommand {}

    private record Client(RequestProcessor.Command command) implements RoleCommand {}

    private record Relay(SessionTracker.Touched touched) implements RoleCommand {}

    private record SnapDecoded(long zxid, io.warden.persistence.tree.DataTree tree, Throwable failure)
            implements RoleCommand {}

    private record SnapInstalled(long zxid, StatusReply<ReplicaLog.Installed> reply) implements RoleCommand {}

    private record LeaderLost() implements RoleCommand {}

    private enum Retry implements RoleCommand { INSTANCE }

    private enum SyncTimeout implements RoleCommand { INSTANCE }

    /** A client request waiting for its txn: who to tell once applied here. */
    private record Key(long sessionId, int cxid) {}

    private record SyncWait(int xid, ActorRef<CommitStage.Outcome> replyTo) {}

    private final NodeContext node;
    private final Peers peers;
    private final long leader;
    private final boolean observer;
    private final TimerScheduler<RoleCommand> timers;
    private final ActorRef<ReplicaLog.Command> log;
    private final LogAsks asks;
    private final ActorRef<StatusReply<ReplicaLog.Logged>> loggedReplies;
    private Phase phase = Phase.DISCOVERY;
    private ReplicaLog.StateView position;
    private long newEpoch = -1;
    private Serving serving;
    private final Map<Key, ActorRef<CommitStage.Outcome>> waiting = new HashMap<>();
    private final Map<Long, SyncWait> syncs = new HashMap<>();
    private long nextSyncId;
    /** The TCP link to the leader's election port whose close says the leader died (null if none). */
    private LeaderLink leaderLink;
    /** How often FOLLOWERINFO is resent until LEADERINFO answers it. */
    static final long FOLLOWER_INFO_RESEND_MS = 100;

    /** SNAP in progress: the pieces so far (bounded by the leader's tree), and its zxid. */
    private java.io.ByteArrayOutputStream snapBytes;
    private long snapZxid = -1;
    private int snapNext;
    /**
     * Packets that came after the snapshot's last piece while it is decoded: they go to the log
     * after the install, in their order (bounded by what the leader sends within the sync bound).
     */
    private java.util.List<RoleCommand.FromPeer> held;
    /** The last zxid handed to the log (logged, or on its way): no commit may pass it. */
    private long proposedZxid;

    public static Behavior<RoleCommand> create(NodeContext node, Peers peers, long leader, boolean observer,
                                               Duration syncBound) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new FollowerRole(context, timers, node, peers, leader, observer, syncBound)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private FollowerRole(ActorContext<RoleCommand> context, TimerScheduler<RoleCommand> timers, NodeContext node,
                         Peers peers, long leader, boolean observer, Duration syncBound) {
        super(context);
        context.setLoggerName(FollowerRole.class);
        this.node = node;
        this.peers = peers;
        this.leader = leader;
        this.observer = observer;
        this.timers = timers;
        this.log = node.log();
        this.asks = new LogAsks(log, context.getSystem());
        // the one StatusReply adapter of this actor (a second would replace it): other log
        // replies come through asks
        ActorRef adapter = context.messageAdapter(StatusReply.class, r -> new Logged((StatusReply<ReplicaLog.Logged>) r));
        this.loggedReplies = (ActorRef<StatusReply<ReplicaLog.Logged>>) adapter;
        timers.startSingleTimer(SyncTimeout.INSTANCE, syncBound);
        context.pipeToSelf(askState(), (state, failure) -> new PositionRead(LogAsks.reply(state, failure)));
        node.config().ensemble().server(leader).ifPresent(l -> {
            leaderLink = LeaderLink.open(context.getSystem(), l.host(), l.electionPort());
            context.pipeToSelf(leaderLink.lost(), (done, failure) -> new LeaderLost());
        });
    }

    @Override
    public Receive<RoleCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(PositionRead.class, this::onPositionRead)
                .onMessageEquals(Retry.INSTANCE, this::onRetry)
                .onMessageEquals(SyncTimeout.INSTANCE, () -> phase == Phase.SERVING ? this
                        : giveUp("no UPTODATE from leader " + leader + " within the sync bound"))
                .onMessage(RoleCommand.FromPeer.class, this::onPacket)
                .onMessage(RoleCommand.FromLog.class, this::onLog)
                .onMessage(EpochAccepted.class, this::onEpochAccepted)
                .onMessage(CurrentEpochSet.class, this::onCurrentEpochSet)
                .onMessage(Logged.class, this::onLogged)
                .onMessage(Truncated.class, m -> m.reply().isError() ? giveUp("truncation refused: "
                        + m.reply().getError().getMessage()) : this)
                .onMessage(ServingState.class, this::onServingState)
                .onMessage(SnapDecoded.class, this::onSnapDecoded)
                .onMessage(SnapInstalled.class, m -> m.reply().isError() ? giveUp("cannot install the snapshot at "
                        + Zxid.toHex(m.zxid()) + ": " + m.reply().getError().getMessage()) : this)
                .onMessage(Client.class, m -> onClient(m.command()))
                .onMessage(Relay.class, m -> {
                    send(new ZabPacket.LearnerPing(m.touched().sessionIds()));
                    return this;
                })
                .onMessage(LeaderLost.class, m -> giveUp("the connection to the leader's election port closed:"
                        + " its process is gone"))
                .onSignal(PostStop.class, s -> {
                    if (serving != null) {
                        serving.stop();
                    }
                    if (leaderLink != null) {
                        leaderLink.close();
                    }
                    return this;
                })
                .build();
    }

    // ---- discovery -------------------------------------------------------------------------

    private Behavior<RoleCommand> onPositionRead(PositionRead m) {
        if (m.reply().isError()) {
            return giveUp("cannot read the log: " + m.reply().getError().getMessage());
        }
        position = m.reply().getValue();
        proposedZxid = position.lastLoggedZxid();
        sendFollowerInfo();
        // a new leader's role may not listen yet when the first FOLLOWERINFO arrives: resend soon
        // (a tick of 2 s would add a tick to every failover), until LEADERINFO comes
        timers.startTimerWithFixedDelay(Retry.INSTANCE, Duration.ofMillis(Math.min(node.config().tickTimeMs(),
                FOLLOWER_INFO_RESEND_MS)));
        return this;
    }

    /** FOLLOWERINFO again each tick until LEADERINFO comes: the leader may not listen yet, or Artery dropped it. */
    private Behavior<RoleCommand> onRetry() {
        if (phase == Phase.DISCOVERY && newEpoch < 0) {
            sendFollowerInfo();
        } else {
            timers.cancel(Retry.INSTANCE);
        }
        return this;
    }

    private void sendFollowerInfo() {
        send(new ZabPacket.FollowerInfo(peers.mySid(), observer, position.acceptedEpoch(), position.lastLoggedZxid()));
    }

    private Behavior<RoleCommand> onPacket(RoleCommand.FromPeer m) {
        if (m.from() != leader) {
            return this; // only the leader speaks to a learner after election
        }
        ZabPacket packet = m.packet();
        if (held != null) {
            held.add(m);
            return this;
        }
        if (phase == Phase.DISCOVERY && !(packet instanceof ZabPacket.LeaderInfo)) {
            // what the leader still sent this peer's previous role (its broadcast, a sync that
            // role gave up on) arrives before the LEADERINFO answering this role: not for us
            return this;
        }
        if (packet instanceof ZabPacket.LeaderInfo info) {
            return onLeaderInfo(info);
        } else if (packet instanceof ZabPacket.Trunc trunc) {
            proposedZxid = Math.min(proposedZxid, trunc.zxid());
            return inSync(packet, () -> getContext().pipeToSelf(
                    asks.<ReplicaLog.Truncated>ask(replyTo -> new ReplicaLog.TruncateTo(trunc.zxid(), replyTo)),
                    (truncated, failure) -> new Truncated(LogAsks.reply(truncated, failure))));
        } else if (packet instanceof ZabPacket.Diff) {
            return inSync(packet, () -> { });
        } else if (packet instanceof ZabPacket.Snap snap) {
            return inSync(packet, () -> {
                snapZxid = snap.zxid();
                snapBytes = new java.io.ByteArrayOutputStream();
                snapNext = 0;
            });
        } else if (packet instanceof ZabPacket.SnapChunk chunk) {
            return onSnapChunk(chunk);
        } else if (packet instanceof ZabPacket.Proposal proposal) {
            return onProposals(List.of(proposal.txn()));
        } else if (packet instanceof ZabPacket.Proposals proposals) {
            return onProposals(proposals.txns());
        } else if (packet instanceof ZabPacket.Commit commit) {
            if (commit.zxid() > proposedZxid) {
                // Artery lost the proposal (at most once, holes on reconnect): the log would stop
                // the node on a commit of a zxid it never logged; resynchronize instead
                return giveUp("commit of " + Zxid.toHex(commit.zxid()) + " past the last proposal "
                        + Zxid.toHex(proposedZxid));
            }
            log.tell(new ReplicaLog.Commit(commit.zxid()));
            return this;
        } else if (packet instanceof ZabPacket.NewLeader newLeader) {
            return onNewLeader(newLeader);
        } else if (packet instanceof ZabPacket.UpToDate upToDate) {
            return onUpToDate(upToDate);
        } else if (packet instanceof ZabPacket.SyncReply reply) {
            SyncWait wait = syncs.remove(reply.requestId());
            if (wait != null && serving != null) {
                serving.commit.tell(new CommitStage.AwaitApplied(reply.zxid(), wait.xid(), wait.replyTo()));
            }
            return this;
        }
        return this; // pings are the peer's business
    }

    private Behavior<RoleCommand> onLeaderInfo(ZabPacket.LeaderInfo info) {
        if (phase != Phase.DISCOVERY) {
            return this; // the answer to a resent FOLLOWERINFO: the first one was acked already
        }
        FollowerEpochs.Answer answer = FollowerEpochs.onLeaderInfo(info.newEpoch(), position.acceptedEpoch());
        if (answer instanceof FollowerEpochs.Refuse refuse) {
            return giveUp(refuse.reason());
        }
        newEpoch = info.newEpoch();
        if (answer instanceof FollowerEpochs.AcceptThenAck) {
            getContext().pipeToSelf(askEpoch(newEpoch), (epochs, failure) -> new EpochAccepted(LogAsks.reply(epochs, failure)));
        } else {
            ackEpoch();
        }
        return this;
    }

    private Behavior<RoleCommand> onEpochAccepted(EpochAccepted m) {
        if (m.reply().isError()) {
            return giveUp("cannot accept epoch " + newEpoch + ": " + m.reply().getError().getMessage());
        }
        ackEpoch();
        return this;
    }

    private void ackEpoch() {
        phase = Phase.SYNC;
        send(new ZabPacket.AckEpoch(newEpoch, position.currentEpoch(), position.lastLoggedZxid()));
    }

    // ---- synchronization -----------------------------------------------------------------------

    private Behavior<RoleCommand> inSync(ZabPacket packet, Runnable action) {
        if (phase != Phase.SYNC) {
            return giveUp("unexpected " + packet + " outside synchronization");
        }
        action.run();
        return this;
    }

    /** A piece of the leader's snapshot: in order, acked; after the last, decoded off this thread. */
    private Behavior<RoleCommand> onSnapChunk(ZabPacket.SnapChunk chunk) {
        if (phase != Phase.SYNC || snapBytes == null || chunk.zxid() != snapZxid || chunk.index() != snapNext) {
            return giveUp("snapshot piece " + chunk.index() + " of " + Zxid.toHex(chunk.zxid()) + " out of order"
                    + " (expected " + snapNext + " of " + Zxid.toHex(snapZxid) + ")");
        }
        snapBytes.writeBytes(chunk.data());
        snapNext++;
        send(new ZabPacket.SnapAck(chunk.zxid(), chunk.index()));
        if (chunk.last()) {
            byte[] all = snapBytes.toByteArray();
            snapBytes = null;
            held = new java.util.ArrayList<>();
            long zxid = snapZxid;
            getContext().pipeToSelf(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return io.warden.persistence.snapshot.SnapshotReader.read(new java.io.ByteArrayInputStream(all));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, asks.blocking()), (tree, failure) -> new SnapDecoded(zxid, tree, failure));
        }
        return this;
    }

    /** The snapshot becomes the log's state; what arrived after it follows in order. */
    private Behavior<RoleCommand> onSnapDecoded(SnapDecoded m) {
        if (m.failure() != null) {
            return giveUp("the leader's snapshot at " + Zxid.toHex(m.zxid()) + " is unreadable: " + m.failure().getMessage());
        }
        getContext().pipeToSelf(asks.<ReplicaLog.Installed>ask(
                        replyTo -> new ReplicaLog.InstallSnapshot(m.tree(), m.zxid(), replyTo)),
                (installed, failure) -> new SnapInstalled(m.zxid(), LogAsks.reply(installed, failure)));
        proposedZxid = m.zxid();
        getContext().getLog().info("installing the leader's snapshot at {} ({} znodes)", Zxid.toHex(m.zxid()),
                m.tree().nodeCount());
        List<RoleCommand.FromPeer> after = held;
        held = null;
        Behavior<RoleCommand> next = this;
        for (RoleCommand.FromPeer packet : after) {
            next = onPacket(packet);
            if (next != this) {
                return next;
            }
        }
        return this;
    }

    /** Txns to log, one write: during sync (no ack until NEWLEADER) or in broadcast (acked once durable). */
    private Behavior<RoleCommand> onProposals(List<Txn> txns) {
        List<CommitStage.Writer> writers = null;
        for (Txn txn : txns) {
            ActorRef<CommitStage.Outcome> writer = waiting.remove(new Key(txn.sessionId(), txn.cxid()));
            if (writer != null && serving != null) {
                if (writers == null) {
                    writers = new java.util.ArrayList<>();
                }
                writers.add(new CommitStage.Writer(txn.zxid(), writer));
            }
            proposedZxid = Math.max(proposedZxid, txn.zxid());
        }
        if (writers != null) {
            // told before the log can apply them: the commit stage knows the writers first
            serving.commit.tell(new CommitStage.ExpectWrites(writers));
        }
        log.tell(new ReplicaLog.Append(txns, 0, loggedReplies));
        return this;
    }

    private Behavior<RoleCommand> onLogged(Logged m) {
        if (m.reply().isError()) {
            return giveUp("the log refused a proposal: " + m.reply().getError().getMessage());
        }
        if (!observer && phase != Phase.DISCOVERY) {
            send(new ZabPacket.Ack(m.reply().getValue().lastZxid()));
        }
        return this;
    }

    /** Everything the leader synced is queued in the log before this: the epoch write lands after it. */
    private Behavior<RoleCommand> onNewLeader(ZabPacket.NewLeader newLeader) {
        if (phase != Phase.SYNC || newLeader.epoch() != newEpoch) {
            return giveUp("unexpected " + newLeader + " (epoch " + newEpoch + ", " + phase + ")");
        }
        getContext().pipeToSelf(askCurrentEpoch(newEpoch),
                (epochs, failure) -> new CurrentEpochSet(newLeader.epoch(), LogAsks.reply(epochs, failure)));
        return this;
    }

    private Behavior<RoleCommand> onCurrentEpochSet(CurrentEpochSet m) {
        if (m.reply().isError()) {
            return giveUp("cannot set the current epoch " + m.epoch() + ": " + m.reply().getError().getMessage());
        }
        // NEWLEADER's ack: the zxid that opens the new epoch (ZooKeeper's convention)
        send(new ZabPacket.Ack(Zxid.of(m.epoch(), 0)));
        return this;
    }

    private Behavior<RoleCommand> onUpToDate(ZabPacket.UpToDate upToDate) {
        if (phase == Phase.SERVING && upToDate.epoch() == newEpoch) {
            return this;
        }
        if (phase != Phase.SYNC || upToDate.epoch() != newEpoch) {
            return giveUp("unexpected " + upToDate);
        }
        // the state read is queued behind everything synced: it returns the tree to serve from
        getContext().pipeToSelf(askState(), (state, failure) -> new ServingState(LogAsks.reply(state, failure)));
        return this;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Behavior<RoleCommand> onServingState(ServingState m) {
        if (m.reply().isError()) {
            return giveUp("cannot read the synchronized state: " + m.reply().getError().getMessage());
        }
        phase = Phase.SERVING;
        timers.cancel(SyncTimeout.INSTANCE);
        ActorRef requests = getContext().messageAdapter(RequestProcessor.Command.class, Client::new);
        ActorRef<SessionTracker.Touched> relay = getContext().messageAdapter(SessionTracker.Touched.class, Relay::new);
        serving = Serving.start(getContext(), node, m.reply().getValue().tree(), observer ? "observer" : "follower",
                (view, commit) -> (ActorRef<RequestProcessor.Command>) requests, SessionTracker.Mode.learner(relay));
        return this;
    }

    // ---- serving -------------------------------------------------------------------------------

    private Behavior<RoleCommand> onLog(RoleCommand.FromLog m) {
        if (serving != null && m.output() instanceof ReplicaLog.Applied applied) {
            serving.applied(applied);
        }
        return this;
    }

    private Behavior<RoleCommand> onClient(RequestProcessor.Command command) {
        if (command instanceof RequestProcessor.Submit submit) {
            try {
                WriteOps.from(submit.request());
            } catch (IllegalArgumentException e) {
                submit.replyTo().tell(new CommitStage.WriteCompleted(submit.cxid(), serving.view.current().lastProcessedZxid(),
                        new TxnResult.Failed(Code.BAD_ARGUMENTS)));
                return this;
            }
            waiting.put(new Key(submit.sessionId(), submit.cxid()), submit.replyTo());
            ByteBuffer frame = WireCodec.encodeRequest(new ClientRequest(submit.cxid(), submit.request()));
            frame.position(frame.position() + 4); // the leader reads the payload, not the length before it
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            send(new ZabPacket.Forward(submit.sessionId(), bytes, submit.auth().ids()));
        } else if (command instanceof RequestProcessor.CreateSession create) {
            waiting.put(new Key(create.sessionId(), 0), create.replyTo());
            send(new ZabPacket.ForwardSession(create.sessionId(), create.timeoutMs()));
        } else if (command instanceof RequestProcessor.Sync sync) {
            long id = ++nextSyncId;
            syncs.put(id, new SyncWait(sync.xid(), sync.replyTo()));
            send(new ZabPacket.SyncRequest(id));
        }
        // ExpireSession never comes: a learner's tracker does not expire sessions
        return this;
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private void send(ZabPacket packet) {
        peers.send(leader, new PeerMessage.Zab(peers.mySid(), packet));
    }

    private Behavior<RoleCommand> giveUp(String why) {
        getContext().getLog().warn("sid {} stops {} leader {}: {}", peers.mySid(), observer ? "observing" : "following",
                leader, why);
        return Behaviors.stopped();
    }

    private java.util.concurrent.CompletionStage<ReplicaLog.StateView> askState() {
        return asks.ask(ReplicaLog.GetSnapshotOfState::new);
    }

    private java.util.concurrent.CompletionStage<ReplicaLog.Epochs> askEpoch(long epoch) {
        return asks.ask(replyTo -> new ReplicaLog.AcceptEpoch(epoch, replyTo));
    }

    private java.util.concurrent.CompletionStage<ReplicaLog.Epochs> askCurrentEpoch(long epoch) {
        return asks.ask(replyTo -> new ReplicaLog.SetCurrentEpoch(epoch, replyTo));
    }

}
