package io.warden.persistence.replica;

import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

import java.util.List;
import java.util.Objects;

/**
 * ZAB's log on one peer: proposals, commits, epochs and truncations, journaled through Pekko
 * Persistence, with the committed {@link DataTree} as the state they rebuild.
 *
 * <p>{@link #create} returns a small front actor that owns a bounded queue and one
 * event-sourced child. The front sends the child one write at a time; everything that arrives
 * while a write is in flight goes into the next write, so N proposals queued behind an fsync
 * cost one more fsync, not N. A command is answered only after its write is durable.
 *
 * <p>Bounds and rejections (every rejection is a {@link StatusReply#error} and changes nothing):
 * <ul>
 * <li>An append larger than {@code maxBatchTxns}, or one that would make more than
 *     {@code maxQueuedTxns} txns wait behind the write in flight, is rejected (overload).</li>
 * <li>An append whose zxids do not follow the log (not increasing, or a gap inside one epoch)
 *     is rejected when its turn comes. Since the next append then leaves a gap too, a caller
 *     that saw a rejection must resynchronize (ZAB: back to election/sync), not carry on.</li>
 * <li>More than {@code maxQueuedCommands} queued epoch/truncate/read commands: rejected.</li>
 * </ul>
 * Invariant violations stop the log (and so the peer), as ZooKeeper's follower exits: a commit of
 * a zxid that was never logged, a truncation below the committed zxid, a journal write failure.
 * Whoever is waiting then gets an error reply.
 *
 * <p>The listener receives {@link Recovered} once recovery is done and then {@link Applied}s, in
 * zxid order: one per durable write that committed something, one per {@link Commit} of durable
 * proposals. Nothing is sent for replayed events.
 */
public final class ReplicaLog {
    /**
     * The replica log's id in the journal and in the snapshot files' names: one constant for every
     * node, so a node's data never depends on its myid. It used to be "warden-replica-" + myid, so
     * a standalone node (myid 0) that became server.1 of an ensemble silently started empty; the
     * value is the one standalone nodes always used, so their existing data keeps working.
     */
    public static final String PERSISTENCE_ID = "warden-replica-0";

    private ReplicaLog() {
    }

    /**
     * The log's behavior.
     *
     * @param persistenceId the journal's id for this peer's log: {@link #PERSISTENCE_ID} in a server,
     *                      others only where tests keep several logs in one journal
     * @param listener      receives {@link Recovered} and {@link Applied}
     */
    public static Behavior<Command> create(String persistenceId, ActorRef<Output> listener, Settings settings) {
        Objects.requireNonNull(persistenceId, "persistenceId");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(settings, "settings");
        return Behaviors.setup(ctx -> new LogFront(ctx, persistenceId, listener, settings));
    }

    // ---- commands ----------------------------------------------------------------------------

    /** What the log accepts. */
    public sealed interface Command permits Append, Commit, AcceptEpoch, SetCurrentEpoch, TruncateTo,
            GetSnapshotOfState, ReadTxnsAfter, InstallSnapshot, LogFront.Internal {
    }

    /**
     * Logs proposals (zxid order, following the log) and commits up to {@code commitUpTo} in the
     * same write. Standalone: {@code commitUpTo} is the batch's last zxid. Ensemble: the highest
     * zxid known committed (0 when none); it may not exceed this append's last zxid.
     * Replies {@link Logged} once durable.
     */
    public record Append(List<Txn> txns, long commitUpTo, ActorRef<StatusReply<Logged>> replyTo)
            implements Command {
        public Append {
            txns = List.copyOf(txns);
            Objects.requireNonNull(replyTo, "replyTo");
        }

        long lastZxid() {
            return txns.isEmpty() ? 0 : txns.get(txns.size() - 1).zxid();
        }
    }

    /**
     * Everything logged up to zxid is committed (ZAB COMMIT); no reply. Applied at once as far as
     * the proposals are durable, the rest as soon as the write in flight is, never with a journal
     * write of its own: the journal learns the commit with the next proposals (ADR 0017), and after
     * a crash before that, recovery lists those txns as pending again.
     */
    public record Commit(long zxid) implements Command {
    }

    /** Sets ZAB's acceptedEpoch; an older epoch is rejected, the same one is a no-op. */
    public record AcceptEpoch(long epoch, ActorRef<StatusReply<Epochs>> replyTo) implements Command {
        public AcceptEpoch {
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /** Sets ZAB's currentEpoch; it must lie between the current and the accepted epoch. */
    public record SetCurrentEpoch(long epoch, ActorRef<StatusReply<Epochs>> replyTo) implements Command {
        public SetCurrentEpoch {
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /**
     * ZAB TRUNC: drops the logged-but-uncommitted proposals above zxid. Truncating below the
     * committed zxid is an invariant violation: the log replies an error and stops.
     */
    public record TruncateTo(long zxid, ActorRef<StatusReply<Truncated>> replyTo) implements Command {
        public TruncateTo {
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /**
     * ZAB SNAP: the state becomes the leader's snapshot, the tree committed at zxid (its
     * lastProcessedZxid) with nothing pending; epochs are kept, later appends continue from zxid.
     * Replies {@link Installed} once that is durable. Atomic across crashes: a restart at any moment
     * recovers the state before entirely or this one entirely. The tree goes to the snapshot store
     * (never into a journal frame), then a small event marks it installed. A snapshot that cannot be
     * saved is an error reply and changes nothing; listeners get no {@link Applied} for it (the
     * caller publishes the tree it installed).
     */
    public record InstallSnapshot(DataTree tree, long zxid, ActorRef<StatusReply<Installed>> replyTo)
            implements Command {
        public InstallSnapshot {
            Objects.requireNonNull(tree, "tree");
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /** Asks for an immutable view of the state after every command sent before this one. */
    public record GetSnapshotOfState(ActorRef<StatusReply<StateView>> replyTo) implements Command {
        public GetSnapshotOfState {
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    // ---- replies -----------------------------------------------------------------------------

    /** The append is durable; lastZxid is its last txn's zxid. */
    public record Logged(long lastZxid) {
    }

    /** The epochs after an epoch command. */
    public record Epochs(long acceptedEpoch, long currentEpoch) {
    }

    /** The log after a truncation: its last logged zxid. */
    public record Truncated(long lastLoggedZxid) {
    }

    /** The snapshot is installed, durably: the state is its tree, committed at zxid. */
    public record Installed(long zxid) {
    }

    /** The log's state, immutable: for ZAB sync planning (DIFF / TRUNC / SNAP). */
    public record StateView(DataTree tree, List<Txn> pending, long acceptedEpoch, long currentEpoch,
                            long committedZxid, long lastLoggedZxid) {
        public StateView {
            pending = List.copyOf(pending);
        }

        static StateView of(ReplicaState state) {
            return new StateView(state.tree(), state.pending(), state.acceptedEpoch(), state.currentEpoch(),
                    state.committedZxid(), state.lastLoggedZxid());
        }
    }

    // ---- output to the listener -----------------------------------------------------------------

    /** What the log tells its listener. */
    public sealed interface Output permits Recovered, Applied {
    }

    /** Recovery is complete: the state the journal (and snapshots) rebuilt. Sent once, first. */
    public record Recovered(DataTree tree, long committedZxid, List<Txn> pending, long acceptedEpoch,
                            long currentEpoch) implements Output {
        public Recovered {
            pending = List.copyOf(pending);
        }
    }

    /**
     * One durable write committed these txns, in zxid order; tree is the tree after the last of
     * them. The commit stage replies to clients, fires watches and publishes the tree from this.
     */
    public record Applied(List<AppliedTxn> applied, DataTree tree) implements Output {
        public Applied {
            applied = List.copyOf(applied);
        }
    }

    // ---- settings ----------------------------------------------------------------------------

    /**
     * @param snapshots         when to snapshot and how many snapshots to keep
     * @param maxBatchTxns      most txns in one journal write (one append is never split)
     * @param maxQueuedTxns     most txns waiting behind the write in flight
     * @param maxQueuedCommands most epoch/truncate/read commands waiting
     * @param journalPluginId   Pekko journal plugin config path, "" for pekko.persistence.journal.plugin
     * @param snapshotPluginId  snapshot store plugin config path, "" for the default
     * @param diff              the committed txns kept for DIFF sync ({@link ReadTxnsAfter})
     */
    public record Settings(SnapshotPolicy snapshots, int maxBatchTxns, int maxQueuedTxns, int maxQueuedCommands,
                           String journalPluginId, String snapshotPluginId, DiffPolicy diff) {
        public static final Settings DEFAULT = new Settings(SnapshotPolicy.DEFAULT, 1_000, 20_000, 1_000, "", "",
                DiffPolicy.DEFAULT);

        public Settings {
            Objects.requireNonNull(snapshots, "snapshots");
            Objects.requireNonNull(journalPluginId, "journalPluginId");
            Objects.requireNonNull(snapshotPluginId, "snapshotPluginId");
            Objects.requireNonNull(diff, "diff");
            if (maxBatchTxns < 1 || maxQueuedTxns < maxBatchTxns || maxQueuedCommands < 1) {
                throw new IllegalArgumentException("need 1 <= maxBatchTxns <= maxQueuedTxns and maxQueuedCommands >= 1: "
                        + maxBatchTxns + ", " + maxQueuedTxns + ", " + maxQueuedCommands);
            }
        }

        /** Settings with the default {@link DiffPolicy}. */
        public Settings(SnapshotPolicy snapshots, int maxBatchTxns, int maxQueuedTxns, int maxQueuedCommands,
                        String journalPluginId, String snapshotPluginId) {
            this(snapshots, maxBatchTxns, maxQueuedTxns, maxQueuedCommands, journalPluginId, snapshotPluginId,
                    DiffPolicy.DEFAULT);
        }

        public Settings withSnapshots(SnapshotPolicy policy) {
            return new Settings(policy, maxBatchTxns, maxQueuedTxns, maxQueuedCommands, journalPluginId,
                    snapshotPluginId, diff);
        }

        public Settings withBatching(int batchTxns, int queuedTxns, int queuedCommands) {
            return new Settings(snapshots, batchTxns, queuedTxns, queuedCommands, journalPluginId, snapshotPluginId,
                    diff);
        }

        public Settings withPlugins(String journal, String snapshotStore) {
            return new Settings(snapshots, maxBatchTxns, maxQueuedTxns, maxQueuedCommands, journal, snapshotStore, diff);
        }

        public Settings withDiff(DiffPolicy policy) {
            return new Settings(snapshots, maxBatchTxns, maxQueuedTxns, maxQueuedCommands, journalPluginId,
                    snapshotPluginId, policy);
        }
    }
}
