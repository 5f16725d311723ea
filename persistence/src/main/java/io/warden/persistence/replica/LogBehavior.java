package io.warden.persistence.replica;

import com.typesafe.config.ConfigFactory;
import io.warden.api.data.Zxid;
import io.warden.persistence.replica.ReplicaEvent.CommitMarked;
import io.warden.persistence.replica.ReplicaEvent.EpochAccepted;
import io.warden.persistence.replica.ReplicaEvent.EpochCurrent;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.replica.ReplicaEvent.SnapshotInstallBegun;
import io.warden.persistence.replica.ReplicaEvent.SnapshotInstalled;
import io.warden.persistence.replica.ReplicaEvent.TruncatedTo;
import io.warden.persistence.replica.ReplicaLog.AcceptEpoch;
import io.warden.persistence.replica.ReplicaLog.Epochs;
import io.warden.persistence.replica.ReplicaLog.InstallSnapshot;
import io.warden.persistence.replica.ReplicaLog.Output;
import io.warden.persistence.replica.ReplicaLog.Recovered;
import io.warden.persistence.replica.ReplicaLog.SetCurrentEpoch;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.replica.ReplicaLog.StateView;
import io.warden.persistence.replica.ReplicaLog.TruncateTo;
import io.warden.persistence.replica.ReplicaLog.Truncated;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SaveSnapshotFailure;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.util.List;

/**
 * The event-sourced core of the replica log: one command at a time from {@link LogFront}, each
 * answered with {@link LogFront.ChildDone} once its write is durable.
 *
 * <p>Side effects happen only after a write (thenRun) or on signals: the event handler is
 * {@link ReplicaState#apply} and nothing else, so replaying the journal tells nobody anything.
 * An invariant violation throws; the default supervision stops this actor and the front fails
 * every waiting caller with the reason.
 */
final class LogBehavior extends EventSourcedBehavior<LogBehavior.Command, ReplicaEvent, ReplicaState> {

    sealed interface Command {
    }

    /**
     * Log these txns (may be none) and commit up to commitUpTo (0: nothing new) in one write.
     * committedAhead: the front's applied view (ADR 0017), which may hold some of those commits
     * applied already; null when it holds none.
     */
    record WriteBatch(List<Txn> txns, long commitUpTo, DataTree committedAhead) implements Command {
    }

    /** An epoch, truncate or install command, answered to its own replyTo. */
    record Barrier(ReplicaLog.Command command) implements Command {
    }

    /**
     * A DIFF read, with the zxid the front's applied view has committed up to when it is sent: the
     * view may be ahead of this actor's state (ADR 0017), and the read must answer as it sees it.
     */
    record Read(ReadTxnsAfter read, long appliedZxid) implements Command {
    }

    /** A {@link TxnReader} stopped (not from the front: no {@code ChildDone} for it). */
    enum ReadFinished implements Command {
        INSTANCE
    }

    /** The snapshot store's answer to the save of an installed snapshot. */
    private record InstallSaveReplied(SnapshotProtocol.Response response) implements Command {
    }

    /** An install between its two events: the state it installs and the sequence number it is saved at. */
    private record Installing(InstallSnapshot install, ReplicaState state, long seqNr) {
    }

    private final ActorContext<Command> ctx;
    private final ActorRef<ReplicaLog.Command> front;
    private final ActorRef<Output> listener;
    private final Settings settings;
    private final ActorRef<Snapshotter.Command> snapshotter;
    /** DIFF's source: fed by the event handler, so replay rebuilds it. */
    private final DiffSource diffSource;
    private int readersRunning;
    private final ActorRef<SnapshotProtocol.Response> storeReplies;
    /** The install whose snapshot is being saved; the front sends nothing else meanwhile. */
    private Installing installing;
    /** The installed state, for the event handler of the SnapshotInstalled being persisted (see there). */
    private ReplicaState installHint;
    /** The applied view's tree for the event handler of the write being persisted; null in replay. */
    private DataTree committedAhead;

    static Behavior<Command> create(String persistenceId, ActorRef<ReplicaLog.Command> front,
                                    ActorRef<Output> listener, Settings settings) {
        return Behaviors.setup(ctx -> new LogBehavior(ctx, PersistenceId.ofUniqueId(persistenceId), front, listener,
                settings));
    }

    private LogBehavior(ActorContext<Command> ctx, PersistenceId persistenceId, ActorRef<ReplicaLog.Command> front,
                        ActorRef<Output> listener, Settings settings) {
        super(persistenceId);
        this.ctx = ctx;
        this.front = front;
        this.listener = listener;
        this.settings = settings;
        // a child of this actor: it stops with the log, and never holds up a write (ADR 0014)
        this.snapshotter = ctx.spawn(Snapshotter.create(persistenceId.id(), settings), "snapshotter");
        this.diffSource = new DiffSource(settings.diff());
        this.storeReplies = ctx.messageAdapter(SnapshotProtocol.Response.class, InstallSaveReplied::new);
    }

    @Override
    public ReplicaState emptyState() {
        return ReplicaState.initial(DataTree.fresh());
    }

    @Override
    public String journalPluginId() {
        return settings.journalPluginId();
    }

    @Override
    public String snapshotPluginId() {
        return settings.snapshotPluginId();
    }

    @Override
    public SnapshotAdapter<ReplicaState> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(ReplicaState state) {
                return new ReplicaSnapshot(state);
            }

            @Override
            public ReplicaState fromJournal(Object from) {
                if (from instanceof ReplicaSnapshot snapshot) {
                    return snapshot.state();
                }
                throw new IllegalStateException("not a replica snapshot: " + from.getClass().getName());
            }
        };
    }

    /**
     * Pekko never snapshots this log itself ({@code shouldSnapshot} stays false): it would stash
     * every command until the save completed. {@link #afterWrite} hands the state of a snapshot
     * point to the {@link Snapshotter} instead. The adapter above is still what recovery reads.
     */
    @Override
    public boolean shouldSnapshot(ReplicaState state, ReplicaEvent event, long sequenceNr) {
        return false;
    }

    @Override
    public EventHandler<ReplicaState, ReplicaEvent> eventHandler() {
        // The sequence number is that of the event being applied, during replay too: a snapshot
        // point records it so retention knows which journal prefix a snapshot makes redundant.
        // The DIFF source watches every event too (replayed or live), as ZooKeeper's committedLog
        // follows its commits: only the actor's own memory, no message, so replay stays silent.
        return (state, event) -> {
            long seqNr = lastSequenceNumber(ctx);
            ReplicaState next = nextState(state, event, seqNr);
            diffSource.observe(state, event, next, seqNr);
            return next;
        };
    }

    /**
     * A SnapshotInstalled names a tree far too large for its frame: live, the state it installs
     * comes from the command that persists it; replayed, it must find that state already there
     * (recovery starts from the snapshot saved for it) and changes nothing.
     */
    private ReplicaState nextState(ReplicaState state, ReplicaEvent event, long seqNr) {
        if (event instanceof SnapshotInstalled installed && installHint != null) {
            ReplicaState next = installHint;
            installHint = null;
            if (next.committedZxid() != installed.zxid() || next.tree().digest() != installed.digest()) {
                throw new IllegalStateException("installing " + next + " under the wrong event " + installed);
            }
            return next;
        }
        DataTree ahead = committedAhead;
        committedAhead = null;
        return state.apply(event, seqNr, settings.snapshots(), ahead);
    }

    @Override
    public CommandHandler<Command, ReplicaEvent, ReplicaState> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(WriteBatch.class, this::onWrite)
                .onCommand(Barrier.class, (state, barrier) -> onBarrier(state, barrier.command()))
                .onCommand(Read.class, (state, read) -> onReadTxns(state, read.read(), read.appliedZxid()))
                .onCommand(ReadFinished.class, (state, finished) -> onReadFinished())
                .onCommand(InstallSaveReplied.class, (state, replied) -> onInstallSaved(state, replied.response()))
                .build();
    }

    private Effect<ReplicaEvent, ReplicaState> onWrite(ReplicaState state, WriteBatch write) {
        // read by the event handler, which Pekko runs right when this effect persists
        committedAhead = write.committedAhead();
        if (!write.txns().isEmpty()) {
            return Effect().persist(new ProposalsLogged(write.txns(), write.commitUpTo())).thenRun(this::afterWrite);
        }
        boolean commitsSomething = !state.pending().isEmpty() && state.pending().get(0).zxid() <= write.commitUpTo();
        if (commitsSomething || write.commitUpTo() > state.lastLoggedZxid()) {
            // a commit beyond the log makes the event handler throw before anything is written
            return Effect().persist(new CommitMarked(write.commitUpTo())).thenRun(this::afterWrite);
        }
        return Effect().none().thenRun(this::done);
    }

    private Effect<ReplicaEvent, ReplicaState> onBarrier(ReplicaState state, ReplicaLog.Command command) {
        if (command instanceof AcceptEpoch accept) {
            String problem = state.acceptEpochProblem(accept.epoch());
            if (problem != null || accept.epoch() == state.acceptedEpoch()) {
                return replyNow(accept.replyTo(), problem, epochs(state));
            }
            return Effect().persist(new EpochAccepted(accept.epoch()))
                    .thenRun(s -> replyAfterWrite(accept.replyTo(), epochs(s), s));
        } else if (command instanceof SetCurrentEpoch set) {
            String problem = state.currentEpochProblem(set.epoch());
            if (problem != null || set.epoch() == state.currentEpoch()) {
                return replyNow(set.replyTo(), problem, epochs(state));
            }
            return Effect().persist(new EpochCurrent(set.epoch()))
                    .thenRun(s -> replyAfterWrite(set.replyTo(), epochs(s), s));
        } else if (command instanceof TruncateTo truncate) {
            String problem = state.truncateProblem(truncate.zxid());
            if (problem != null) {
                // the front answers the caller with this reason when it sees this actor fail
                throw new IllegalStateException(problem);
            }
            if (truncate.zxid() >= state.lastLoggedZxid()) {
                return replyNow(truncate.replyTo(), null, new Truncated(state.lastLoggedZxid()));
            }
            return Effect().persist(new TruncatedTo(truncate.zxid()))
                    .thenRun(s -> replyAfterWrite(truncate.replyTo(), new Truncated(s.lastLoggedZxid()), s));
        } else if (command instanceof InstallSnapshot install) {
            return beginInstall(state, install);
        }
        throw new IllegalStateException("not a barrier: " + command);
    }

    /**
     * DIFF's txns: from memory at once, or from the journal by a {@link TxnReader} child while this
     * log takes its next command (the read covers the events written so far and no later ones).
     */
    private Effect<ReplicaEvent, ReplicaState> onReadTxns(ReplicaState state, ReadTxnsAfter read, long appliedZxid) {
        DiffSource.Plan plan = diffSource.plan(read.afterZxid(), read.maxTxns(), read.maxBytes(), state,
                appliedZxid, lastSequenceNumber(ctx));
        if (plan instanceof DiffSource.Answer answer) {
            return replyNow(read.replyTo(), null, answer.answer());
        }
        if (readersRunning >= settings.diff().maxConcurrentReads()) {
            return replyNow(read.replyTo(), null, new TxnsAfter.NotAvailable(readersRunning
                    + " journal reads are running already (maxConcurrentReads)"));
        }
        DiffSource.ReadJournal journalRead = (DiffSource.ReadJournal) plan;
        readersRunning++;
        ctx.spawnAnonymous(TxnReader.create(persistenceId().id(), journal(), journalRead,
                settings.diff().readTimeout(), read.replyTo(), ctx.getSelf()));
        return Effect().none().thenRun(this::done);
    }

    private Effect<ReplicaEvent, ReplicaState> onReadFinished() {
        readersRunning--;
        return Effect().none();
    }

    private org.apache.pekko.actor.ActorRef journal() {
        return Persistence.get(Adapter.toClassic(ctx.getSystem())).journalFor(settings.journalPluginId(),
                ConfigFactory.empty());
    }

    /**
     * ZAB SNAP in three durable steps, so that a crash at any moment recovers the old state or the
     * new one, whole: (1) SnapshotInstallBegun, a no-op that takes sequence number S; (2) the new
     * state saved in the snapshot store at S (recovery loads the newest snapshot and replays only
     * what follows it, so from here on a restart recovers the new state, and the journal before it
     * is never replayed over it); (3) SnapshotInstalled at S+1, the event that switches the live
     * state. A crash before (2) completes leaves (1), which changes nothing.
     */
    private Effect<ReplicaEvent, ReplicaState> beginInstall(ReplicaState state, InstallSnapshot install) {
        String problem = ReplicaState.installProblem(install.tree(), install.zxid());
        if (problem != null) {
            return replyNow(install.replyTo(), problem, null);
        }
        ReplicaState installed = state.installSnapshot(install.tree(), install.zxid());
        return Effect().persist(new SnapshotInstallBegun(install.zxid())).thenRun(s -> {
            long seqNr = lastSequenceNumber(ctx);
            installing = new Installing(install, installed, seqNr);
            SnapshotMetadata metadata = SnapshotMetadata.apply(persistenceId().id(), seqNr, System.currentTimeMillis());
            snapshotStore().tell(new SnapshotProtocol.SaveSnapshot(metadata, new ReplicaSnapshot(installed)),
                    Adapter.toClassic(storeReplies));
        });
    }

    private Effect<ReplicaEvent, ReplicaState> onInstallSaved(ReplicaState state, SnapshotProtocol.Response response) {
        Installing in = installing;
        if (in == null || !(response instanceof SaveSnapshotSuccess || response instanceof SaveSnapshotFailure)) {
            return Effect().none();
        }
        installing = null;
        if (response instanceof SaveSnapshotFailure failed) {
            ctx.getLog().warn("the snapshot to install at zxid {} could not be saved; the log is unchanged",
                    Zxid.toHex(in.install().zxid()), failed.cause());
            return replyNow(in.install().replyTo(), "the snapshot could not be saved (" + failed.cause()
                    + "); the log is unchanged", null);
        }
        installHint = in.state();
        return Effect().persist(new SnapshotInstalled(in.install().zxid(), in.state().tree().digest())).thenRun(s -> {
            snapshotter.tell(new Snapshotter.Installed(in.seqNr()));
            front.tell(new LogFront.StateReplaced(s));
            front.tell(new LogFront.ChildDone(s.lastLoggedZxid()));
            in.install().replyTo().tell(StatusReply.success(new ReplicaLog.Installed(s.committedZxid())));
        });
    }

    private org.apache.pekko.actor.ActorRef snapshotStore() {
        return Persistence.get(Adapter.toClassic(ctx.getSystem())).snapshotStoreFor(settings.snapshotPluginId(),
                ConfigFactory.empty());
    }

    private static Epochs epochs(ReplicaState state) {
        return new Epochs(state.acceptedEpoch(), state.currentEpoch());
    }

    private <T> Effect<ReplicaEvent, ReplicaState> replyNow(ActorRef<StatusReply<T>> replyTo, String problem, T value) {
        return Effect().none().thenRun(s -> {
            replyTo.tell(problem == null ? StatusReply.success(value) : StatusReply.error(problem));
            done(s);
        });
    }

    private <T> void replyAfterWrite(ActorRef<StatusReply<T>> replyTo, T value, ReplicaState state) {
        replyTo.tell(StatusReply.success(value));
        done(state);
    }

    /**
     * After a durable write: hand a snapshot point's state to the snapshotter (which saves it while
     * later writes go on), then give the front the durable state (its applied view tells the
     * listener what was committed) and free it.
     */
    private void afterWrite(ReplicaState state) {
        if (state.snapshotDue()) {
            snapshotter.tell(new Snapshotter.Take(state, lastSequenceNumber(ctx)));
        }
        done(state);
    }

    private void done(ReplicaState state) {
        // the front's applied view follows the durable state and tells the listener (ADR 0017)
        front.tell(new LogFront.StateDurable(state));
        front.tell(new LogFront.ChildDone(state.lastLoggedZxid()));
    }

    @Override
    public SignalHandler<ReplicaState> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    diffSource.recovered(state);
                    listener.tell(new Recovered(state.tree(), state.committedZxid(), state.pending(),
                            state.acceptedEpoch(), state.currentEpoch()));
                    front.tell(new LogFront.StateDurable(state));
                    front.tell(new LogFront.ChildReady(state.lastLoggedZxid()));
                })
                .build();
    }
}
