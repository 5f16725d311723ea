package io.warden.actors.ensemble;

import io.warden.actors.election.Voters;
import io.warden.actors.peer.PeerMessage;
import io.warden.actors.peer.Peers;
import io.warden.actors.peer.RoleCommand;
import io.warden.actors.request.RequestProcessor;
import io.warden.actors.session.SessionTracker;
import io.warden.actors.zab.LeaderDiscovery;
import io.warden.actors.zab.QuorumTracker;
import io.warden.actors.zab.ZabPacket;
import io.warden.api.data.Zxid;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.WireCodec;
import io.warden.persistence.prep.RequestPreparer;
import io.warden.persistence.prep.SessionAuth;
import io.warden.persistence.replica.ReplicaLog;
import io.warden.persistence.txn.Txn;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The leader's phases: discovery (a quorum's FOLLOWERINFO picks the new epoch, durable before
 * LEADERINFO; ACKEPOCH from a quorum ends it), synchronization (each learner gets DIFF or TRUNC
 * and the txns it lacks from {@link TxnWindow}, then NEWLEADER; once a quorum, this leader
 * included, acked NEWLEADER the new epoch becomes current, the old epoch's logged proposals are
 * committed and UPTODATE goes out), then broadcast: the request processor's appends become
 * proposals to every synchronized learner and a local append, each commit waits for a quorum of
 * voters' durable acks ({@link QuorumTracker}), and the request processor hears of an append only
 * once it committed, which bounds what waits for a quorum by its in-flight bound.
 *
 * <p>A learner behind the window would need SNAP, which this build cannot send yet: it is told
 * nothing and retries. A learner that connects again is synchronized again.
 */
public final class LeaderRole extends AbstractBehavior<RoleCommand> {

    private record StartState(StatusReply<ReplicaLog.StateView> reply) implements RoleCommand {}

    private record EpochAccepted(long epoch, StatusReply<ReplicaLog.Epochs> reply) implements RoleCommand {}

    private record CurrentEpochSet(StatusReply<ReplicaLog.Epochs> reply) implements RoleCommand {}

    private record ServingState(StatusReply<ReplicaLog.StateView> reply) implements RoleCommand {}

    private record Propose(ReplicaLog.Append append) implements RoleCommand {}

    private record OwnLogged(StatusReply<ReplicaLog.Logged> reply) implements RoleCommand {}

    private enum EstablishTimeout implements RoleCommand { INSTANCE }

    /** A learner's place: known from FOLLOWERINFO, acked the epoch, synchronized (gets the broadcast). */
    private static final class Learner {
        final long sid;
        final boolean observer;
        long lastZxid;
        boolean ackedEpoch;
        boolean forwarding;
        boolean ackedNewLeader;
        /** A snapshot being sent (SNAP), or null. */
        SnapTransfer snap;

        Learner(long sid, boolean observer) {
            this.sid = sid;
            this.observer = observer;
        }
    }

    private record Waiter(long lastZxid, ActorRef<StatusReply<ReplicaLog.Logged>> replyTo) {}

    /** The log's committed txns after a learner's zxid (DIFF beyond the window), or why not. */
    private record JournalRead(Learner learner, io.warden.persistence.replica.TxnsAfter answer, Throwable failure)
            implements RoleCommand {}

    /** A learner's snapshot, serialized off the actor's thread: its pieces, or why it failed. */
    private record SnapReady(long sid, Learner learner, long zxid, List<byte[]> chunks, Throwable failure)
            implements RoleCommand {}

    /** The pieces of a snapshot on their way to one learner. */
    private static final class SnapTransfer {
        final long zxid;
        final List<byte[]> chunks;
        int sent;
        int acked = -1;

        SnapTransfer(long zxid, List<byte[]> chunks) {
            this.zxid = zxid;
            this.chunks = chunks;
        }
    }

    /** Snapshot pieces in flight to one learner before it acks: the transfer's backpressure. */
    static final int SNAP_WINDOW = 8;
    static final int SNAP_CHUNK_BYTES = 512 * 1024;

    private final NodeContext node;
    private final Peers peers;
    private final Voters voters;
    private final TimerScheduler<RoleCommand> timers;
    private final ActorRef<ReplicaLog.Command> log;
    private final LogAsks asks;
    private final ActorRef<StatusReply<ReplicaLog.Logged>> ownLogged;
    private final Map<Long, Learner> learners = new HashMap<>();
    private LeaderDiscovery discovery;
    private ReplicaLog.StateView start;
    private long epoch = -1;
    private boolean discovered;
    private boolean established;
    private io.warden.actors.zab.TxnWindow window;
    private QuorumTracker tracker;
    private Serving serving;
    private ActorRef<RequestProcessor.Command> requests;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Sizes of the proposals made (mntr's zk_last/min/max_proposal_size), -1 before the first. */
    private volatile long lastProposalBytes = -1;
    private volatile long minProposalBytes = -1;
    private volatile long maxProposalBytes = -1;
    /** mntr's learner keys, rebuilt only when a learner's state changes (read on the word's thread). */
    private volatile java.util.Map<String, Object> learnerMetrics = java.util.Map.of();

    public static Behavior<RoleCommand> create(NodeContext node, Peers peers, Voters voters, Duration establishBound) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new LeaderRole(context, timers, node, peers, voters, establishBound)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private LeaderRole(ActorContext<RoleCommand> context, TimerScheduler<RoleCommand> timers, NodeContext node,
                       Peers peers, Voters voters, Duration establishBound) {
        super(context);
        context.setLoggerName(LeaderRole.class);
        this.node = node;
        this.peers = peers;
        this.voters = voters;
        this.timers = timers;
        this.log = node.log();
        this.asks = new LogAsks(log, context.getSystem());
        // the one StatusReply adapter of this actor (a second would replace it)
        ActorRef adapter = context.messageAdapter(StatusReply.class, r -> new OwnLogged((StatusReply<ReplicaLog.Logged>) r));
        this.ownLogged = (ActorRef<StatusReply<ReplicaLog.Logged>>) adapter;
        timers.startSingleTimer(EstablishTimeout.INSTANCE, establishBound);
        context.pipeToSelf(asks.ask(ReplicaLog.GetSnapshotOfState::new), (s, f) -> new StartState(LogAsks.reply(s, f)));
    }

    @Override
    public Receive<RoleCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartState.class, this::onStartState)
                .onMessage(RoleCommand.FromPeer.class, this::onPacket)
                .onMessage(RoleCommand.FromLog.class, m -> {
                    if (serving != null && m.output() instanceof ReplicaLog.Applied applied) {
                        serving.applied(applied);
                    }
                    return this;
                })
                .onMessage(EpochAccepted.class, this::onEpochAccepted)
                .onMessage(CurrentEpochSet.class, this::onCurrentEpochSet)
                .onMessage(ServingState.class, this::onServingState)
                .onMessage(Propose.class, m -> onPropose(m.append()))
                .onMessage(OwnLogged.class, this::onOwnLogged)
                .onMessage(SnapReady.class, this::onSnapReady)
                .onMessage(JournalRead.class, this::onJournalRead)
                .onMessageEquals(EstablishTimeout.INSTANCE, () -> established ? this
                        : giveUp("no quorum acked NEWLEADER within the bound"))
                .onSignal(PostStop.class, s -> {
                    if (serving != null) {
                        serving.stop();
                    }
                    return this;
                })
                .build();
    }

    // ---- discovery -------------------------------------------------------------------------

    private Behavior<RoleCommand> onStartState(StartState m) {
        if (m.reply().isError()) {
            return giveUp("cannot read the log: " + m.reply().getError().getMessage());
        }
        start = m.reply().getValue();
        discovery = new LeaderDiscovery(peers.mySid(), voters, start.acceptedEpoch(), start.currentEpoch(),
                start.lastLoggedZxid());
        window = new io.warden.actors.zab.TxnWindow(start.committedZxid(), start.pending(), node.ensembleSettings().windowTxns());
        getContext().getLog().info("sid {} leads from zxid {} (committed {}, {} logged but uncommitted)",
                peers.mySid(), Zxid.toHex(start.lastLoggedZxid()), Zxid.toHex(start.committedZxid()),
                start.pending().size());
        // a voting ensemble of one has its quorum already
        return step(discovery.onFollowerInfo(peers.mySid(), start.acceptedEpoch()));
    }

    private Behavior<RoleCommand> onPacket(RoleCommand.FromPeer m) {
        ZabPacket packet = m.packet();
        if (packet instanceof ZabPacket.FollowerInfo info) {
            return onFollowerInfo(m.from(), info);
        }
        Learner learner = learners.get(m.from());
        if (learner == null) {
            return this; // not (yet) one of this leader's learners
        }
        if (packet instanceof ZabPacket.AckEpoch ack) {
            return onAckEpoch(learner, ack);
        } else if (packet instanceof ZabPacket.Ack ack) {
            return onAck(learner, ack.zxid());
        } else if (packet instanceof ZabPacket.Forward forward) {
            if (requests != null) {
                ClientRequest request = WireCodec.decodeRequest(ByteBuffer.wrap(forward.request()));
                requests.tell(new RequestProcessor.Forwarded(forward.sessionId(), request.xid(), request.request(),
                        new SessionAuth(forward.auth())));
            }
        } else if (packet instanceof ZabPacket.ForwardSession session) {
            if (requests != null) {
                requests.tell(new RequestProcessor.CreateSession(session.sessionId(), session.timeoutMs(), null));
            }
        } else if (packet instanceof ZabPacket.SyncRequest sync) {
            if (tracker != null) {
                send(learner.sid, new ZabPacket.SyncReply(sync.requestId(), tracker.lastProposed()));
            }
        } else if (packet instanceof ZabPacket.SnapAck ack) {
            onSnapAck(learner, ack);
        } else if (packet instanceof ZabPacket.LearnerPing ping) {
            if (serving != null) {
                ping.touchedSessions().forEach(id -> serving.tracker.tell(new SessionTracker.Touch(id)));
            }
        }
        return this;
    }

    private Behavior<RoleCommand> onFollowerInfo(long sid, ZabPacket.FollowerInfo info) {
        if (discovery == null || sid == peers.mySid() || !peers.sids().contains(sid)) {
            return this; // not started yet (the learner resends), or not a member
        }
        Learner known = learners.get(sid);
        if (known != null && !known.ackedEpoch) {
            // a resend (the learner repeats FOLLOWERINFO until LEADERINFO reaches it, so a resend
            // always arrives before its ACKEPOCH): LEADERINFO again, nothing else changes
            if (epoch > 0) {
                send(sid, new ZabPacket.LeaderInfo(epoch));
            }
            return this;
        }
        // new, or past ACKEPOCH (syncing or synchronized) and connecting again: its role restarted
        // (the process, or the role after giving up), so it starts over
        Learner learner = new Learner(sid, info.observer());
        learner.lastZxid = info.lastLoggedZxid();
        learners.put(sid, learner);
        return step(discovery.onFollowerInfo(sid, info.acceptedEpoch()));
    }

    private Behavior<RoleCommand> step(LeaderDiscovery.Step step) {
        if (step instanceof LeaderDiscovery.LogAcceptedEpoch accept) {
            getContext().pipeToSelf(asks.<ReplicaLog.Epochs>ask(replyTo -> new ReplicaLog.AcceptEpoch(accept.epoch(), replyTo)),
                    (e, f) -> new EpochAccepted(accept.epoch(), LogAsks.reply(e, f)));
        } else if (step instanceof LeaderDiscovery.SendLeaderInfo info) {
            info.to().forEach(sid -> send(sid, new ZabPacket.LeaderInfo(info.epoch())));
        } else if (step instanceof LeaderDiscovery.Discovered d) {
            discovered = true;
            learners.values().stream().filter(l -> l.ackedEpoch).forEach(this::synchronize);
            newLeaderAcked();
        } else if (step instanceof LeaderDiscovery.GiveUp giveUp) {
            return giveUp(giveUp.reason());
        }
        return this;
    }

    private Behavior<RoleCommand> onEpochAccepted(EpochAccepted m) {
        if (m.reply().isError()) {
            return giveUp("cannot accept epoch " + m.epoch() + ": " + m.reply().getError().getMessage());
        }
        epoch = m.epoch();
        return step(discovery.epochLogged());
    }

    private Behavior<RoleCommand> onAckEpoch(Learner learner, ZabPacket.AckEpoch ack) {
        if (ack.epoch() != epoch || learner.ackedEpoch) {
            return this; // another epoch's, or a duplicate answering a resent LEADERINFO
        }
        learner.ackedEpoch = true;
        learner.lastZxid = ack.lastLoggedZxid();
        if (discovered) {
            synchronize(learner);
            return this;
        }
        return step(discovery.onAckEpoch(learner.sid, ack.epoch(), ack.currentEpoch(), ack.lastLoggedZxid()));
    }

    // ---- synchronization -----------------------------------------------------------------------

    /** DIFF or TRUNC and the txns the learner lacks, the commit point, NEWLEADER; then the broadcast. */
    private void synchronize(Learner learner) {
        io.warden.actors.zab.TxnWindow.Sync sync = window.syncFor(learner.lastZxid);
        if (sync == null) {
            readFromLog(learner);
            return;
        }
        sendSync(learner, sync, "memory");
    }

    private void sendSync(Learner learner, io.warden.actors.zab.TxnWindow.Sync sync, String source) {
        send(learner.sid, sync.truncate() ? new ZabPacket.Trunc(sync.fromZxid()) : new ZabPacket.Diff(sync.fromZxid()));
        batches(sync.txns()).forEach(batch -> send(learner.sid, batch));
        finishSync(learner, sync.fromZxid());
        getContext().getLog().info("learner {} synchronized by {} from {} {}: {} txns", learner.sid,
                sync.truncate() ? "TRUNC" : "DIFF", source, Zxid.toHex(sync.fromZxid()), sync.txns().size());
    }

    /**
     * A learner behind the window: the log's committed txns after its zxid (memory, then the
     * journal, within ZooKeeper's snapshotSizeFactor bound), joined to the window; SNAP when the log
     * does not hold them all.
     */
    private void readFromLog(Learner learner) {
        getContext().pipeToSelf(asks.<io.warden.persistence.replica.TxnsAfter>ask(replyTo ->
                        new io.warden.persistence.replica.ReadTxnsAfter(learner.lastZxid, Integer.MAX_VALUE,
                                Long.MAX_VALUE, replyTo)),
                (answer, failure) -> new JournalRead(learner, answer, failure));
    }

    private Behavior<RoleCommand> onJournalRead(JournalRead m) {
        Learner learner = m.learner();
        if (learners.get(learner.sid) != learner) {
            return this; // it connected again meanwhile: that connection has its own sync
        }
        if (m.failure() != null) {
            return giveUp("the log could not be read for learner " + learner.sid + ": " + m.failure().getMessage());
        }
        if (!(m.answer() instanceof io.warden.persistence.replica.TxnsAfter.Available available)) {
            getContext().getLog().info("learner {} at {}: {}", learner.sid, Zxid.toHex(learner.lastZxid),
                    ((io.warden.persistence.replica.TxnsAfter.NotAvailable) m.answer()).reason());
            startSnap(learner);
            return this;
        }
        io.warden.actors.zab.TxnWindow.Sync sync = window.syncAfterLog(available.baseZxid(), available.txns(),
                learner.lastZxid);
        if (sync == null) {
            startSnap(learner); // the window moved on past what the log answered while it read
        } else {
            sendSync(learner, sync, "the log");
        }
        return this;
    }

    /** After the learner holds everything up to fromZxid: the commit point and NEWLEADER, then the broadcast. */
    private void finishSync(Learner learner, long fromZxid) {
        long committed = committedZxid();
        if (committed > fromZxid) {
            send(learner.sid, new ZabPacket.Commit(committed));
        }
        send(learner.sid, new ZabPacket.NewLeader(epoch, window.lastZxid()));
        learner.forwarding = true;
        publishMetrics();
    }

    /**
     * SNAP: the committed tree goes to the learner in pieces, serialized off this actor's thread,
     * then the window's txns after it as for DIFF. The tree is the one clients read here (or the
     * recovered one before serving); the window holds every txn after it.
     */
    private void startSnap(Learner learner) {
        io.warden.persistence.tree.DataTree tree = serving != null ? serving.view.current() : start.tree();
        long zxid = tree.lastProcessedZxid();
        if (zxid < window.baseZxid()) {
            getContext().getLog().warn("learner {} needs SNAP, but the tree at {} is older than the window (from {});"
                    + " it retries", learner.sid, Zxid.toHex(zxid), Zxid.toHex(window.baseZxid()));
            return;
        }
        getContext().getLog().info("learner {} at {} is behind this leader's window (from {}): SNAP at {}",
                learner.sid, Zxid.toHex(learner.lastZxid), Zxid.toHex(window.baseZxid()), Zxid.toHex(zxid));
        getContext().pipeToSelf(java.util.concurrent.CompletableFuture.supplyAsync(() -> pieces(tree), asks.blocking()),
                (chunks, failure) -> new SnapReady(learner.sid, learner, zxid, chunks, failure));
    }

    private static List<byte[]> pieces(io.warden.persistence.tree.DataTree tree) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            io.warden.persistence.snapshot.SnapshotWriter.write(tree, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        byte[] all = bytes.toByteArray();
        List<byte[]> chunks = new java.util.ArrayList<>();
        for (int at = 0; at < all.length || chunks.isEmpty(); at += SNAP_CHUNK_BYTES) {
            chunks.add(java.util.Arrays.copyOfRange(all, at, Math.min(all.length, at + SNAP_CHUNK_BYTES)));
        }
        return chunks;
    }

    private Behavior<RoleCommand> onSnapReady(SnapReady m) {
        if (m.failure() != null) {
            return giveUp("cannot serialize the snapshot for learner " + m.sid() + ": " + m.failure().getMessage());
        }
        if (learners.get(m.sid()) != m.learner()) {
            return this; // the learner connected again meanwhile: that connection gets its own sync
        }
        m.learner().snap = new SnapTransfer(m.zxid(), m.chunks());
        send(m.sid(), new ZabPacket.Snap(m.zxid()));
        sendPieces(m.learner());
        return this;
    }

    private void onSnapAck(Learner learner, ZabPacket.SnapAck ack) {
        SnapTransfer snap = learner.snap;
        if (snap == null || snap.zxid != ack.zxid()) {
            return;
        }
        snap.acked = Math.max(snap.acked, ack.index());
        sendPieces(learner);
    }

    /** Pieces up to SNAP_WINDOW ahead of the last ack; after the last, the rest of the sync. */
    private void sendPieces(Learner learner) {
        SnapTransfer snap = learner.snap;
        while (snap.sent < snap.chunks.size() && snap.sent - snap.acked <= SNAP_WINDOW) {
            boolean last = snap.sent == snap.chunks.size() - 1;
            send(learner.sid, new ZabPacket.SnapChunk(snap.zxid, snap.sent, last, snap.chunks.get(snap.sent)));
            snap.sent++;
            if (last) {
                learner.snap = null;
                io.warden.actors.zab.TxnWindow.Sync tail = window.syncFor(snap.zxid);
                if (tail == null || tail.truncate()) {
                    // the window moved past the snapshot while it streamed: the learner times out and retries
                    getContext().getLog().warn("learner {}: the txns after the snapshot at {} left the window",
                            learner.sid, Zxid.toHex(snap.zxid));
                    return;
                }
                batches(tail.txns()).forEach(batch -> send(learner.sid, batch));
                finishSync(learner, snap.zxid);
                getContext().getLog().info("learner {} synchronized by SNAP at {}", learner.sid, Zxid.toHex(snap.zxid));
                return;
            }
        }
    }

    private long committedZxid() {
        return tracker != null ? tracker.lastCommitted() : start.committedZxid();
    }

    private Behavior<RoleCommand> onAck(Learner learner, long zxid) {
        if (epoch > 0 && zxid == Zxid.of(epoch, 0)) {
            learner.ackedNewLeader = true;
            if (serving != null) {
                send(learner.sid, new ZabPacket.UpToDate(epoch));
            } else if (!established) {
                newLeaderAcked();
            }
            return this;
        }
        if (tracker != null && learner.forwarding && !learner.observer) {
            committed(tracker.ack(learner.sid, zxid));
        }
        return this;
    }

    /** A quorum acked NEWLEADER (this leader counts itself): make the epoch current. */
    private void newLeaderAcked() {
        Set<Long> acked = new HashSet<>();
        acked.add(peers.mySid());
        learners.values().stream().filter(l -> l.ackedNewLeader).forEach(l -> acked.add(l.sid));
        if (discovered && !established && voters.isQuorum(acked) && tracker == null) {
            established = true;
            getContext().pipeToSelf(asks.<ReplicaLog.Epochs>ask(replyTo -> new ReplicaLog.SetCurrentEpoch(epoch, replyTo)),
                    (e, f) -> new CurrentEpochSet(LogAsks.reply(e, f)));
        }
    }

    private Behavior<RoleCommand> onCurrentEpochSet(CurrentEpochSet m) {
        if (m.reply().isError()) {
            return giveUp("cannot set the current epoch " + epoch + ": " + m.reply().getError().getMessage());
        }
        // the old epoch's proposals this leader holds are the history a quorum now shares: commit them
        long last = window.lastZxid();
        tracker = new QuorumTracker(voters, last, node.ensembleSettings().maxOutstanding());
        if (last > start.committedZxid()) {
            log.tell(new ReplicaLog.Commit(last));
            window.committed(last);
            broadcast(new ZabPacket.Commit(last));
        }
        getContext().pipeToSelf(asks.ask(ReplicaLog.GetSnapshotOfState::new), (s, f) -> new ServingState(LogAsks.reply(s, f)));
        return this;
    }

    private Behavior<RoleCommand> onServingState(ServingState m) {
        if (m.reply().isError()) {
            return giveUp("cannot read the state to serve: " + m.reply().getError().getMessage());
        }
        ReplicaLog.StateView state = m.reply().getValue();
        ActorRef<ReplicaLog.Append> proposals = getContext().messageAdapter(ReplicaLog.Append.class, Propose::new);
        serving = Serving.start(getContext(), node, state.tree(), "leader", (view, commit) -> {
            requests = getContext().spawn(RequestProcessor.create(state.tree(), view, epoch,
                    new RequestPreparer(state.tree(), node.prepSettings()), proposals, commit, node.requestSettings(),
                    node.clock()), "requests");
            return requests;
        }, SessionTracker.Mode.leader());
        // UPTODATE only now: a learner serves from it on and forwards writes, which need the
        // request processor (sent earlier, they would reach a leader with nothing to take them)
        for (Learner l : learners.values()) {
            if (l.ackedNewLeader) {
                send(l.sid, new ZabPacket.UpToDate(epoch));
            }
        }
        publishMetrics();
        return this;
    }

    // ---- broadcast -------------------------------------------------------------------------------

    private Behavior<RoleCommand> onPropose(ReplicaLog.Append append) {
        for (Txn txn : append.txns()) {
            tracker.propose(txn.zxid());
            window.add(txn);
            long bytes = io.warden.persistence.txn.TxnCodec.estimatedSize(txn);
            lastProposalBytes = bytes;
            minProposalBytes = minProposalBytes < 0 ? bytes : Math.min(minProposalBytes, bytes);
            maxProposalBytes = Math.max(maxProposalBytes, bytes);
        }
        batches(append.txns()).forEach(this::broadcast);
        waiters.addLast(new Waiter(lastOf(append), append.replyTo()));
        log.tell(new ReplicaLog.Append(append.txns(), Math.min(tracker.lastCommitted(), lastOf(append)), ownLogged));
        return this;
    }

    private Behavior<RoleCommand> onOwnLogged(OwnLogged m) {
        if (m.reply().isError()) {
            // as standalone: a txn this leader cannot make durable stops the node (the processor
            // would stop it too); the ensemble elects another leader
            throw new IllegalStateException("the leader's log could not persist a proposal", m.reply().getError());
        }
        committed(tracker.ack(peers.mySid(), m.reply().getValue().lastZxid()));
        return this;
    }

    /** Everything up to zxid is committed (0: nothing new): apply, tell learners and the processor. */
    private void committed(long zxid) {
        if (zxid == 0) {
            return;
        }
        log.tell(new ReplicaLog.Commit(zxid));
        window.committed(zxid);
        broadcast(new ZabPacket.Commit(zxid));
        while (!waiters.isEmpty() && waiters.peekFirst().lastZxid() <= zxid) {
            Waiter w = waiters.pollFirst();
            w.replyTo().tell(StatusReply.success(new ReplicaLog.Logged(w.lastZxid())));
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------

    /** Most bytes of txns in one Proposals packet (one txn larger than this travels alone). */
    static final int BATCH_BYTES = 256 * 1024;
    /** Most txns in one Proposals packet: below the learner log's maxBatchTxns. */
    static final int BATCH_TXNS = 500;

    /** Txns as a few packets instead of one each: Artery's queue per peer drops what overflows it. */
    static List<ZabPacket.Proposals> batches(List<Txn> txns) {
        List<ZabPacket.Proposals> out = new java.util.ArrayList<>();
        List<Txn> batch = new java.util.ArrayList<>();
        long bytes = 0;
        for (Txn txn : txns) {
            int size = io.warden.persistence.txn.TxnCodec.estimatedSize(txn);
            if (!batch.isEmpty() && (bytes + size > BATCH_BYTES || batch.size() >= BATCH_TXNS)) {
                out.add(new ZabPacket.Proposals(batch));
                batch = new java.util.ArrayList<>();
                bytes = 0;
            }
            batch.add(txn);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            out.add(new ZabPacket.Proposals(batch));
        }
        return out;
    }

    /**
     * ZooKeeper's leader keys of mntr. The learner counts are rebuilt here, when a learner's state
     * changes; the proposal sizes are read when mntr asks, so a proposal costs three field writes.
     */
    private void publishMetrics() {
        if (serving == null) {
            return;
        }
        long synced = learners.values().stream().filter(l -> l.forwarding && !l.observer).count();
        long observers = learners.values().stream().filter(l -> l.forwarding && l.observer).count();
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("zk_peer_state", "leading - broadcast");
        m.put("zk_learners", learners.size());
        m.put("zk_synced_followers", synced);
        m.put("zk_synced_non_voting_followers", 0);
        m.put("zk_synced_observers", observers);
        m.put("zk_pending_syncs", learners.values().stream().filter(l -> !l.forwarding).count());
        learnerMetrics = java.util.Collections.unmodifiableMap(m);
        serving.admin.ensembleMetrics(() -> {
            java.util.Map<String, Object> all = new java.util.LinkedHashMap<>(learnerMetrics);
            all.put("zk_last_proposal_size", lastProposalBytes);
            all.put("zk_max_proposal_size", maxProposalBytes);
            all.put("zk_min_proposal_size", minProposalBytes);
            return all;
        });
    }

    private static long lastOf(ReplicaLog.Append append) {
        return append.txns().get(append.txns().size() - 1).zxid();
    }

    private void broadcast(ZabPacket packet) {
        for (Learner l : learners.values()) {
            if (l.forwarding) {
                send(l.sid, packet);
            }
        }
    }

    private void send(long sid, ZabPacket packet) {
        peers.send(sid, new PeerMessage.Zab(peers.mySid(), packet));
    }

    private Behavior<RoleCommand> giveUp(String why) {
        getContext().getLog().warn("sid {} stops leading: {}", peers.mySid(), why);
        return Behaviors.stopped();
    }

}
