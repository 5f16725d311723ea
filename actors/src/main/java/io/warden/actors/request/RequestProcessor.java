package io.warden.actors.request;

import io.warden.actors.commit.CommitStage;
import io.warden.actors.commit.ReadView;
import io.warden.api.data.Code;
import io.warden.api.data.Zxid;
import io.warden.api.wire.Request;
import io.warden.persistence.prep.PrepContext;
import io.warden.persistence.prep.Prepared;
import io.warden.persistence.prep.RequestPreparer;
import io.warden.persistence.prep.SessionAuth;
import io.warden.persistence.prep.WriteOp;
import io.warden.persistence.replica.ReplicaLog;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.tree.TxnResult;
import io.warden.persistence.txn.Txn;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * The leader's prepare stage: turns each write into a txn with the next zxid and the leader's
 * time, against the speculative tree, and appends it to the replica log. With a quorum of one
 * the append itself commits the txn. Also issues the server's own writes: closeSession for
 * expired sessions, and deletion of empty containers and expired TTL nodes.
 *
 * <p>Overload is backpressure, never a failure: at most {@link Settings#maxInFlightTxns} txns are
 * handed to the log and not yet durable (below the log's own queue bound, so the log never refuses
 * an append for size). Beyond that, prepared txns wait here; the client requests behind them stay
 * outstanding, so sessions stop reading their sockets at globalOutstandingLimit. The server's own
 * writes are proposed only while the log has room: deletions paced by {@link DeletionPacer}
 * (znode.container.maxPerMinute), expired sessions a bounded number at a time. The only reply
 * from the log that stops the node is a failed write (the log answers an I/O failure that way).
 *
 * <p>The committed state reaches preparation by pull, not push: before each append and each
 * reaper pass this stage hands the latest published committed tree ({@link ReadView}) to the
 * preparer, which drops what it covers and rebases its speculative tree onto it, so the node
 * keeps one full tree (ADR 0008). The commit path carries no preparation state.
 */
public final class RequestProcessor extends AbstractBehavior<RequestProcessor.Command> {

    public sealed interface Command {}

    /** A session's write request, with the session's authentication as of this request. */
    public record Submit(long sessionId, int cxid, Request request, SessionAuth auth,
                         ActorRef<CommitStage.Outcome> replyTo) implements Command {}

    /**
     * A learner's client's write, forwarded to this leader: prepared like a local one, and
     * answered by the learner when it applies the txn (so nobody here waits for it).
     */
    public record Forwarded(long sessionId, int cxid, Request request, SessionAuth auth) implements Command {}

    /** A new session, by the server that accepted its connection. */
    public record CreateSession(long sessionId, int timeoutMs, ActorRef<CommitStage.Outcome> replyTo) implements Command {}

    /** The tracker expired a session: close it, deleting its ephemerals everywhere. */
    public record ExpireSession(long sessionId) implements Command {}

    /** sync: answered by the commit stage once everything proposed so far is applied. */
    public record Sync(int xid, ActorRef<CommitStage.Outcome> replyTo) implements Command {}

    private enum Reap implements Command { INSTANCE }

    private record AppendFailed(Throwable cause) implements Command {}

    private record AppendDone(long lastZxid) implements Command {}

    /** Sent to self while server-side work waits: propose what the rate and the log's room allow. */
    private enum Pace implements Command { INSTANCE }

    /**
     * @param reapInterval    how often empty containers and expired TTL nodes are looked for
     *                        (znode.container.checkIntervalMs)
     * @param maxDeletesPerMinute most server-side deletions a minute (znode.container.maxPerMinute)
     * @param maxInFlightTxns most txns handed to the log and not yet durable; at most the log's
     *                        maxQueuedTxns, so that the log never refuses an append as overloaded
     */
    public record Settings(Duration reapInterval, int maxDeletesPerMinute, int maxInFlightTxns) {
        public Settings {
            if (reapInterval.isNegative() || reapInterval.isZero() || maxDeletesPerMinute < 1
                    || maxInFlightTxns < MAX_APPEND_TXNS) {
                throw new IllegalArgumentException("need a positive reapInterval, maxDeletesPerMinute >= 1 and"
                        + " maxInFlightTxns >= " + MAX_APPEND_TXNS + ": " + reapInterval + ", " + maxDeletesPerMinute
                        + ", " + maxInFlightTxns);
            }
        }

        /** The in-flight bound for a log with these settings: a few writes' worth, within its queue bound. */
        public static int inFlightFor(ReplicaLog.Settings log) {
            return Math.max(MAX_APPEND_TXNS, Math.min(log.maxQueuedTxns(), 4 * log.maxBatchTxns()));
        }
    }

    /** How often waiting server-side work is looked at. */
    static final Duration PACE_INTERVAL = Duration.ofMillis(100);

    /** Sent to self after the first txn of a batch: every request already queued is prepared first. */
    private enum Flush implements Command { INSTANCE }

    /**
     * Most txns in one append (below ReplicaLog's maxBatchTxns, so never refused for size): enough
     * to amortize the messages, few enough that the first txn of a full mailbox does not wait long
     * for the others' preparation before the log sees it. The log merges appends into one write.
     */
    static final int MAX_APPEND_TXNS = 128;

    /** No session sends the server's own txns; their replies go nowhere. */
    private static final long SERVER_SESSION = 0;

    /**
     * @param committed the committed tree the preparer starts from
     * @param view      where the commit stage publishes committed trees, handed on to the preparer
     */
    public static Behavior<Command> create(DataTree committed, ReadView view, long epoch, RequestPreparer preparer,
                                           ActorRef<? super ReplicaLog.Append> log, ActorRef<CommitStage.Command> commit,
                                           Settings settings, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new RequestProcessor(context, timers,
                committed, view, epoch, preparer, log, commit, settings, clock)));
    }

    private final ReadView view;
    private final RequestPreparer preparer;
    private final ActorRef<? super ReplicaLog.Append> log;
    private final ActorRef<CommitStage.Command> commit;
    private final Clock clock;
    private final ActorRef<StatusReply<ReplicaLog.Logged>> logged;
    private final long epoch;
    private long counter;
    private long lastZxid;
    /** Prepared txns not yet handed to the log: they go as one append when Flush comes round. */
    private final List<Txn> unsent = new ArrayList<>();
    /** Who waits for which of the unsent txns (the server's own txns have nobody). */
    private final List<CommitStage.Writer> unsentWriters = new ArrayList<>();
    private final Settings settings;
    private final TimerScheduler<Command> timers;
    /** The last zxid handed to the log, and the last it reported durable. */
    private long sentZxid;
    private long loggedZxid;
    private final DeletionPacer deletions;
    /** Expired sessions whose closeSession is not yet proposed; bounded by the sessions that exist. */
    private final Set<Long> expiring = new LinkedHashSet<>();

    private RequestProcessor(ActorContext<Command> context, TimerScheduler<Command> timers, DataTree committed,
                             ReadView view, long epoch, RequestPreparer preparer, ActorRef<? super ReplicaLog.Append> log,
                             ActorRef<CommitStage.Command> commit, Settings settings, Clock clock) {
        super(context);
        this.view = view;
        this.preparer = preparer;
        this.log = log;
        this.commit = commit;
        this.clock = clock;
        this.epoch = epoch;
        this.lastZxid = committed.lastProcessedZxid();
        if (Zxid.epoch(lastZxid) >= epoch) {
            throw new IllegalStateException("new epoch " + epoch + " must be above the last zxid's, "
                    + Zxid.toHex(lastZxid));
        }
        this.sentZxid = Zxid.of(epoch, 0);
        this.loggedZxid = sentZxid;
        this.settings = settings;
        this.timers = timers;
        this.deletions = new DeletionPacer(settings.maxDeletesPerMinute());
        this.logged = loggedAdapter(context);
        timers.startTimerWithFixedDelay(Reap.INSTANCE, settings.reapInterval());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(Forwarded.class, this::onForwarded)
                .onMessage(CreateSession.class, m -> {
                    propose(new WriteOp.CreateSession(m.timeoutMs()), m.sessionId(), 0, SessionAuth.NONE, m.replyTo());
                    return this;
                })
                .onMessage(ExpireSession.class, m -> {
                    expiring.add(m.sessionId());
                    schedulePace();
                    return this;
                })
                .onMessage(Sync.class, m -> {
                    // The log hears of everything proposed so far before the commit stage waits for it.
                    flush();
                    commit.tell(new CommitStage.AwaitApplied(lastZxid, m.xid(), m.replyTo()));
                    return this;
                })
                .onMessageEquals(Reap.INSTANCE, this::onReap)
                .onMessage(AppendFailed.class, this::onAppendFailed)
                .onMessage(AppendDone.class, this::onAppendDone)
                .onMessageEquals(Pace.INSTANCE, this::onPace)
                .onMessageEquals(Flush.INSTANCE, () -> {
                    flush();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onSubmit(Submit m) {
        WriteOp op;
        try {
            op = WriteOps.from(m.request());
        } catch (IllegalArgumentException e) {
            m.replyTo().tell(new CommitStage.WriteCompleted(m.cxid(), lastZxid, new TxnResult.Failed(Code.BAD_ARGUMENTS)));
            return this;
        }
        propose(op, m.sessionId(), m.cxid(), m.auth(), m.replyTo());
        return this;
    }

    private Behavior<Command> onForwarded(Forwarded m) {
        WriteOp op;
        try {
            op = WriteOps.from(m.request());
        } catch (IllegalArgumentException e) {
            // the learner checks this before forwarding: only a learner of another build gets here
            getContext().getLog().warn("Dropping a forwarded request of session 0x{} it cannot prepare: {}",
                    Long.toHexString(m.sessionId()), e.getMessage());
            return this;
        }
        propose(op, m.sessionId(), m.cxid(), m.auth(), null);
        return this;
    }

    /** @param replyTo who hears of the applied txn, or null for the server's own and forwarded txns */
    private void propose(WriteOp op, long sessionId, int cxid, SessionAuth auth, ActorRef<CommitStage.Outcome> replyTo) {
        long zxid = Zxid.of(epoch, counter + 1);
        Prepared prepared = preparer.prepare(op, new PrepContext(sessionId, cxid, zxid, clock.millis(), auth));
        // Passed quotas; every such write logs, as in ZooKeeper, whose rate limiter lets each
        // distinct line through (the count in it changes with every write).
        prepared.warnings().forEach(getContext().getLog()::warn);
        Txn txn = prepared.txn();
        if (txn.zxid() != zxid) {
            throw new IllegalStateException("preparer assigned " + Zxid.toHex(txn.zxid()) + ", expected " + Zxid.toHex(zxid));
        }
        counter++;
        lastZxid = zxid;
        if (unsent.isEmpty()) {
            getContext().getSelf().tell(Flush.INSTANCE);
        }
        unsent.add(txn);
        if (replyTo != null) {
            unsentWriters.add(new CommitStage.Writer(zxid, replyTo));
        }
        if (unsent.size() >= MAX_APPEND_TXNS) {
            flush();
        }
    }

    /**
     * Hands the prepared txns to the log, up to MAX_APPEND_TXNS an append: one message and one
     * reply for a mailbox's worth of writes instead of one each. Quorum of one: the write that makes
     * the txns durable also commits them. Holds what does not fit within maxInFlightTxns: the next
     * durable write's reply sends it.
     */
    private void flush() {
        // Once per flush, not per txn: a volatile read, and a rebase only now and then.
        preparer.committed(view.current());
        while (!unsent.isEmpty()) {
            int n = (int) Math.min(Math.min(unsent.size(), MAX_APPEND_TXNS), settings.maxInFlightTxns() - inFlightTxns());
            if (n <= 0) {
                return;
            }
            List<Txn> chunk = unsent.subList(0, n);
            long last = chunk.get(n - 1).zxid();
            int writers = 0;
            while (writers < unsentWriters.size() && unsentWriters.get(writers).zxid() <= last) {
                writers++;
            }
            // Told first: a local tell enqueues at once, so the commit stage knows the writers before
            // the log can have applied their txns.
            if (writers > 0) {
                List<CommitStage.Writer> told = unsentWriters.subList(0, writers);
                commit.tell(new CommitStage.ExpectWrites(told));
                told.clear();
            }
            log.tell(new ReplicaLog.Append(chunk, last, logged));
            chunk.clear();
            sentZxid = last;
        }
    }

    /** Txns handed to the log and not yet durable: zxids are contiguous within this epoch. */
    private long inFlightTxns() {
        return Zxid.counter(sentZxid) - Zxid.counter(loggedZxid);
    }

    /** How many more txns the server's own work may prepare now without exceeding the in-flight bound. */
    private int room() {
        return (int) Math.max(0, settings.maxInFlightTxns() - inFlightTxns() - unsent.size());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ActorRef<StatusReply<ReplicaLog.Logged>> loggedAdapter(ActorContext<Command> context) {
        ActorRef adapter = context.messageAdapter(StatusReply.class, reply -> reply.isError()
                ? new AppendFailed(reply.getError())
                : new AppendDone(((ReplicaLog.Logged) reply.getValue()).lastZxid()));
        return (ActorRef<StatusReply<ReplicaLog.Logged>>) adapter;
    }

    private Behavior<Command> onAppendDone(AppendDone m) {
        loggedZxid = Math.max(loggedZxid, m.lastZxid());
        flush();
        proposeServerWork();
        return this;
    }

    /** A check (ZooKeeper's ContainerManager): starts a paced pass unless the last one is still going. */
    private Behavior<Command> onReap() {
        // Also what lets an idle node drop its last speculative nodes: all is committed by now.
        preparer.committed(view.current());
        if (deletions.idle()) {
            deletions.startPass(preparer.speculativeTree().deletionCandidates(clock.millis()), clock.millis());
            schedulePace();
        }
        return this;
    }

    private Behavior<Command> onPace() {
        proposeServerWork();
        if (expiring.isEmpty() && deletions.idle()) {
            timers.cancel(Pace.INSTANCE);
        }
        return this;
    }

    private void schedulePace() {
        if (!timers.isTimerActive(Pace.INSTANCE)) {
            timers.startTimerWithFixedDelay(Pace.INSTANCE, PACE_INTERVAL);
        }
        proposeServerWork();
    }

    /**
     * Proposes the server's own writes that fit in the log's room now: expired sessions first (they
     * hold ephemerals and watches), then deletions as fast as znode.container.maxPerMinute allows.
     * At most one append's worth each time, so client writes interleave.
     */
    private void proposeServerWork() {
        int budget = Math.min(room(), MAX_APPEND_TXNS);
        Iterator<Long> sessions = expiring.iterator();
        while (budget > 0 && sessions.hasNext()) {
            long sessionId = sessions.next();
            sessions.remove();
            propose(new WriteOp.CloseSession(), sessionId, 0, SessionAuth.NONE, null);
            budget--;
        }
        if (budget <= 0 || deletions.idle()) {
            return;
        }
        DataTree tree = preparer.speculativeTree();
        for (String path : deletions.take(clock.millis(), budget)) {
            // A candidate of the check may be gone or no longer due; its delete then simply fails.
            if (tree.containers().contains(path)) {
                propose(new WriteOp.DeleteContainer(path), SERVER_SESSION, 0, SessionAuth.NONE, null);
            } else if (tree.ttls().contains(path)) {
                propose(new WriteOp.DeleteTtl(path), SERVER_SESSION, 0, SessionAuth.NONE, null);
            }
        }
    }

    /**
     * The log could not make a txn durable (I/O error, full disk). Nothing after it may be
     * acknowledged, and the speculative tree already includes it: the only safe move is to stop
     * this node, as ZooKeeper does, and let a restart recover from what is on disk. (The log's
     * other refusals, overload and a zxid gap, cannot happen here: this actor keeps within the
     * log's queue bound and assigns zxids contiguously; seeing one is a bug, and stopping is right.)
     */
    private Behavior<Command> onAppendFailed(AppendFailed m) {
        getContext().getLog().error("Stopping: the log could not persist a txn: {}", m.cause().getMessage());
        throw new IllegalStateException("log append failed; last proposed " + Zxid.toHex(lastZxid), m.cause());
    }
}
