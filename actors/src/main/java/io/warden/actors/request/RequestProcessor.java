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
import java.util.List;
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

    /** A new session, by the server that accepted its connection. */
    public record CreateSession(long sessionId, int timeoutMs, ActorRef<CommitStage.Outcome> replyTo) implements Command {}

    /** The tracker expired a session: close it, deleting its ephemerals everywhere. */
    public record ExpireSession(long sessionId) implements Command {}

    /** sync: answered by the commit stage once everything proposed so far is applied. */
    public record Sync(int xid, ActorRef<CommitStage.Outcome> replyTo) implements Command {}

    private enum Reap implements Command { INSTANCE }

    private record AppendFailed(Throwable cause) implements Command {}

    private enum AppendDone implements Command { INSTANCE }

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
                                           ActorRef<ReplicaLog.Command> log, ActorRef<CommitStage.Command> commit,
                                           Duration reapInterval, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new RequestProcessor(context, timers,
                committed, view, epoch, preparer, log, commit, reapInterval, clock)));
    }

    private final ReadView view;
    private final RequestPreparer preparer;
    private final ActorRef<ReplicaLog.Command> log;
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

    private RequestProcessor(ActorContext<Command> context, TimerScheduler<Command> timers, DataTree committed,
                             ReadView view, long epoch, RequestPreparer preparer, ActorRef<ReplicaLog.Command> log,
                             ActorRef<CommitStage.Command> commit, Duration reapInterval, Clock clock) {
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
        this.logged = loggedAdapter(context);
        timers.startTimerWithFixedDelay(Reap.INSTANCE, reapInterval);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(CreateSession.class, m -> {
                    propose(new WriteOp.CreateSession(m.timeoutMs()), m.sessionId(), 0, SessionAuth.NONE, m.replyTo());
                    return this;
                })
                .onMessage(ExpireSession.class, m -> {
                    propose(new WriteOp.CloseSession(), m.sessionId(), 0, SessionAuth.NONE, null);
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
                .onMessageEquals(AppendDone.INSTANCE, () -> this)
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

    /** @param replyTo who hears of the applied txn, or null for the server's own txns */
    private void propose(WriteOp op, long sessionId, int cxid, SessionAuth auth, ActorRef<CommitStage.Outcome> replyTo) {
        long zxid = Zxid.of(epoch, counter + 1);
        Prepared prepared = preparer.prepare(op, new PrepContext(sessionId, cxid, zxid, clock.millis(), auth));
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
     * Hands the prepared txns to the log as one append: one message and one reply for a whole
     * mailbox's worth of writes instead of one each. Quorum of one: the write that makes the
     * txns durable also commits them.
     */
    private void flush() {
        if (unsent.isEmpty()) {
            return;
        }
        // Once per append, not per txn: a volatile read, and a rebase only now and then.
        preparer.committed(view.current());
        // Told first: a local tell enqueues at once, so the commit stage knows the writers before
        // the log can have applied their txns.
        if (!unsentWriters.isEmpty()) {
            commit.tell(new CommitStage.ExpectWrites(unsentWriters));
            unsentWriters.clear();
        }
        log.tell(new ReplicaLog.Append(unsent, lastZxid, logged));
        unsent.clear();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ActorRef<StatusReply<ReplicaLog.Logged>> loggedAdapter(ActorContext<Command> context) {
        ActorRef adapter = context.messageAdapter(StatusReply.class,
                reply -> reply.isError() ? new AppendFailed(reply.getError()) : AppendDone.INSTANCE);
        return (ActorRef<StatusReply<ReplicaLog.Logged>>) adapter;
    }

    private Behavior<Command> onReap() {
        // Also what lets an idle node drop its last speculative nodes: all is committed by now.
        preparer.committed(view.current());
        DataTree tree = preparer.speculativeTree();
        for (String path : tree.deletionCandidates(clock.millis())) {
            boolean container = tree.containers().contains(path);
            propose(container ? new WriteOp.DeleteContainer(path) : new WriteOp.DeleteTtl(path), SERVER_SESSION, 0,
                    SessionAuth.NONE, null);
        }
        return this;
    }

    /**
     * The log could not make a txn durable (I/O error, full disk). Nothing after it may be
     * acknowledged, and the speculative tree already includes it: the only safe move is to stop
     * this node, as ZooKeeper does, and let a restart recover from what is on disk.
     */
    private Behavior<Command> onAppendFailed(AppendFailed m) {
        getContext().getLog().error("Stopping: the log could not persist a txn: {}", m.cause().getMessage());
        throw new IllegalStateException("log append failed; last proposed " + Zxid.toHex(lastZxid), m.cause());
    }
}
