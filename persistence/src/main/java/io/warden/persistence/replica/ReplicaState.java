package io.warden.persistence.replica;

import io.warden.api.data.Zxid;
import io.warden.persistence.replica.ReplicaEvent.CommitMarked;
import io.warden.persistence.replica.ReplicaEvent.EpochAccepted;
import io.warden.persistence.replica.ReplicaEvent.EpochCurrent;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.replica.ReplicaEvent.TruncatedTo;
import io.warden.persistence.tree.ApplyResult;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ZAB's log on one peer, as an immutable value: the committed tree, the proposals logged but not
 * yet committed, the two epochs. {@link #apply} is the event handler of the replica log and the
 * only way the state changes, so replaying the journal rebuilds exactly the state that was live.
 *
 * <p>Invariants, checked on every change: pending proposals are in strictly increasing zxid order
 * and all above {@code committedZxid}; within one epoch zxids have no gap (ZAB numbers every
 * proposal of an epoch); {@code committedZxid} is the zxid of the last txn applied to the tree
 * (0 before any); {@code currentEpoch <= acceptedEpoch}. A violation throws
 * {@link IllegalStateException}: the peer stops rather than serve a diverged tree.
 *
 * <p>Two fields are transient, set by the event that produced this state and never snapshotted:
 * {@link #justApplied()} (what the event committed, for the listener) and {@link #snapshotDue()}.
 * Two more drive the snapshot schedule and are not snapshotted either: the applied-txn count of
 * the next count point and the bytes committed since the last point. A snapshot is always taken at
 * a point, so a restored state starts with no bytes since it and the count point after it on the
 * policy's grid.
 */
public final class ReplicaState {
    private final DataTree tree;
    private final List<Txn> pending;
    private final long acceptedEpoch;
    private final long currentEpoch;
    private final long committedZxid;
    private final long appliedTxnCount;
    private final List<Long> snapshotSeqNrs;
    private final List<AppliedTxn> justApplied;
    private final boolean snapshotDue;
    /** The appliedTxnCount at which the count trigger fires; UNSET until the first commit sees the policy. */
    private final long nextCountPoint;
    /** About the bytes the log wrote for the txns committed since the last snapshot point. */
    private final long bytesSincePoint;

    private static final long UNSET = -1;

    private ReplicaState(DataTree tree, List<Txn> pending, long acceptedEpoch, long currentEpoch,
                         long committedZxid, long appliedTxnCount, List<Long> snapshotSeqNrs,
                         List<AppliedTxn> justApplied, boolean snapshotDue, long nextCountPoint, long bytesSincePoint) {
        this.tree = Objects.requireNonNull(tree, "tree");
        this.pending = pending;
        this.acceptedEpoch = acceptedEpoch;
        this.currentEpoch = currentEpoch;
        this.committedZxid = committedZxid;
        this.appliedTxnCount = appliedTxnCount;
        this.snapshotSeqNrs = snapshotSeqNrs;
        this.justApplied = justApplied;
        this.snapshotDue = snapshotDue;
        this.nextCountPoint = nextCountPoint;
        this.bytesSincePoint = bytesSincePoint;
    }

    /** The state of a log that has never been written: the given (fresh) tree, no epochs. */
    public static ReplicaState initial(DataTree tree) {
        return new ReplicaState(tree, List.of(), 0, 0, tree.lastProcessedZxid(), 0, List.of(), List.of(), false,
                UNSET, 0);
    }

    /**
     * A state loaded from a snapshot; every invariant is checked, as the bytes came from disk.
     *
     * @param appliedTxnCount txns committed since the log began (drives the snapshot schedule)
     * @param snapshotSeqNrs  journal sequence numbers of the snapshots taken so far, oldest first
     */
    public static ReplicaState restored(DataTree tree, List<Txn> pending, long acceptedEpoch, long currentEpoch,
                                        long committedZxid, long appliedTxnCount, List<Long> snapshotSeqNrs) {
        ReplicaState state = new ReplicaState(tree, List.copyOf(pending), acceptedEpoch, currentEpoch,
                committedZxid, appliedTxnCount, List.copyOf(snapshotSeqNrs), List.of(), false, UNSET, 0);
        state.checkInvariants();
        return state;
    }

    // ---- reading ---------------------------------------------------------------------------

    /** The tree with every committed txn applied. */
    public DataTree tree() {
        return tree;
    }

    /** Proposals logged but not committed, in zxid order; an immutable list. */
    public List<Txn> pending() {
        return pending;
    }

    public long acceptedEpoch() {
        return acceptedEpoch;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    /** Zxid of the last committed (applied) txn, 0 before any. */
    public long committedZxid() {
        return committedZxid;
    }

    /** Zxid of the last logged txn, committed or pending. */
    public long lastLoggedZxid() {
        return pending.isEmpty() ? committedZxid : pending.get(pending.size() - 1).zxid();
    }

    /** Txns committed since the log began; the snapshot schedule counts these. */
    public long appliedTxnCount() {
        return appliedTxnCount;
    }

    /** Sequence numbers of the snapshots taken (the newest {@code snapRetainCount}), oldest first. */
    public List<Long> snapshotSeqNrs() {
        return snapshotSeqNrs;
    }

    /** What the event that produced this state committed, in zxid order (transient). */
    public List<AppliedTxn> justApplied() {
        return justApplied;
    }

    /** True when the event that produced this state passed a snapshot point (transient). */
    public boolean snapshotDue() {
        return snapshotDue;
    }

    // ---- checks the command side runs before it persists anything --------------------------

    /**
     * Why {@code next} cannot be logged right after {@code previous}, or null if it can: zxids
     * increase, and inside one epoch they have no gap.
     */
    public static String zxidOrderProblem(long previous, long next) {
        if (next <= previous) {
            return "zxid " + Zxid.toHex(next) + " does not follow " + Zxid.toHex(previous) + ": zxids must increase";
        }
        if (Zxid.epoch(next) == Zxid.epoch(previous) && next != previous + 1) {
            return "zxid " + Zxid.toHex(next) + " leaves a gap after " + Zxid.toHex(previous)
                    + ": proposals of one epoch are contiguous";
        }
        return null;
    }

    /** Why txns cannot be appended after {@code previous}, or null if they can. */
    public static String appendProblem(long previous, List<Txn> txns) {
        if (txns.isEmpty()) {
            return "an append needs at least one txn";
        }
        long last = previous;
        for (Txn txn : txns) {
            String problem = zxidOrderProblem(last, txn.zxid());
            if (problem != null) {
                return problem;
            }
            last = txn.zxid();
        }
        return null;
    }

    /** Why acceptedEpoch cannot become {@code epoch}, or null if it can. */
    public String acceptEpochProblem(long epoch) {
        if (epoch < 0 || epoch > 0xFFFF_FFFFL) {
            return "epoch out of range: " + epoch;
        }
        if (epoch < acceptedEpoch) {
            return "epoch " + epoch + " is older than the accepted epoch " + acceptedEpoch;
        }
        return null;
    }

    /** Why currentEpoch cannot become {@code epoch}, or null if it can. */
    public String currentEpochProblem(long epoch) {
        if (epoch < currentEpoch) {
            return "epoch " + epoch + " is older than the current epoch " + currentEpoch;
        }
        if (epoch > acceptedEpoch) {
            return "epoch " + epoch + " was never accepted (accepted epoch " + acceptedEpoch + ")";
        }
        return null;
    }

    /** Why the log cannot be truncated to {@code zxid}, or null if it can. */
    public String truncateProblem(long zxid) {
        if (zxid < committedZxid) {
            return "cannot truncate to " + Zxid.toHex(zxid) + ": txns up to " + Zxid.toHex(committedZxid)
                    + " are committed";
        }
        return null;
    }

    // ---- the event handler -----------------------------------------------------------------

    /**
     * The state after one journaled event.
     *
     * @param seqNr  the event's journal sequence number (recorded when it triggers a snapshot)
     * @param policy the snapshot schedule
     * @throws IllegalStateException if the event breaks an invariant
     */
    public ReplicaState apply(ReplicaEvent event, long seqNr, SnapshotPolicy policy) {
        return apply(event, seqNr, policy, null);
    }

    /**
     * As {@link #apply(ReplicaEvent, long, SnapshotPolicy)}, given the tree that applying this
     * state's pending txns up to {@code committedAhead.lastProcessedZxid()} gives, when the caller
     * has it (the replica log's applied view, ADR 0017): the commit then starts from that tree
     * instead of applying those txns a second time. Apply is deterministic, so the state is the
     * same; {@link #justApplied()} leaves out the txns the tree already held. Null: none.
     */
    public ReplicaState apply(ReplicaEvent event, long seqNr, SnapshotPolicy policy, DataTree committedAhead) {
        if (event instanceof ProposalsLogged logged) {
            return append(logged.txns()).commitUpTo(logged.committedZxid(), seqNr, policy, committedAhead);
        } else if (event instanceof CommitMarked commit) {
            return commitUpTo(commit.zxid(), seqNr, policy, committedAhead);
        } else if (event instanceof EpochAccepted accepted) {
            failOn(acceptEpochProblem(accepted.epoch()));
            return with(pending, accepted.epoch(), currentEpoch);
        } else if (event instanceof EpochCurrent current) {
            failOn(currentEpochProblem(current.epoch()));
            return with(pending, acceptedEpoch, current.epoch());
        } else if (event instanceof TruncatedTo truncated) {
            failOn(truncateProblem(truncated.zxid()));
            return with(keepUpTo(truncated.zxid()), acceptedEpoch, currentEpoch);
        } else if (event instanceof ReplicaEvent.SnapshotInstallBegun) {
            return with(pending, acceptedEpoch, currentEpoch);
        } else if (event instanceof ReplicaEvent.SnapshotInstalled installed) {
            failOn(installedProblem(installed));
            return with(pending, acceptedEpoch, currentEpoch);
        }
        throw new IllegalStateException("unknown event " + event);
    }

    /**
     * The state after ZAB's SNAP: the leader's tree, committed at zxid, nothing pending. Epochs,
     * the applied-txn count and the snapshot history carry over; the snapshot schedule starts
     * again from this point (it is saved as a snapshot itself).
     */
    public ReplicaState installSnapshot(DataTree installed, long zxid) {
        failOn(installProblem(installed, zxid));
        return new ReplicaState(installed, List.of(), acceptedEpoch, currentEpoch, zxid, appliedTxnCount,
                snapshotSeqNrs, List.of(), false, UNSET, 0);
    }

    /** Why a tree cannot be installed as the state committed at zxid, or null if it can. */
    public static String installProblem(DataTree installed, long zxid) {
        if (installed.lastProcessedZxid() != zxid) {
            return "the snapshot's tree ends at zxid " + Zxid.toHex(installed.lastProcessedZxid())
                    + ", not at the zxid " + Zxid.toHex(zxid) + " it is installed at";
        }
        return null;
    }

    /**
     * Replaying a {@link ReplicaEvent.SnapshotInstalled} changes nothing, and is only right onto the
     * installed snapshot itself (recovery starts from it). Onto any other state it means that
     * snapshot is gone or damaged, and going on would apply the later txns to the wrong tree.
     */
    private String installedProblem(ReplicaEvent.SnapshotInstalled installed) {
        if (committedZxid == installed.zxid() && pending.isEmpty() && tree.digest() == installed.digest()) {
            return null;
        }
        return "the log installed a snapshot at zxid " + Zxid.toHex(installed.zxid()) + " (digest "
                + String.format("%016x", installed.digest()) + ") but recovery replays it onto another state ("
                + this + "): the snapshot saved for that install is missing or damaged";
    }

    private ReplicaState append(List<Txn> txns) {
        failOn(appendProblem(lastLoggedZxid(), txns));
        List<Txn> joined = new ArrayList<>(pending.size() + txns.size());
        joined.addAll(pending);
        joined.addAll(txns);
        return with(List.copyOf(joined), acceptedEpoch, currentEpoch);
    }

    /** Applies every pending proposal with zxid up to {@code zxid}; a stale zxid changes nothing. */
    private ReplicaState commitUpTo(long zxid, long seqNr, SnapshotPolicy policy, DataTree committedAhead) {
        if (zxid > lastLoggedZxid()) {
            throw new IllegalStateException("commit of " + Zxid.toHex(zxid) + " beyond the last logged zxid "
                    + Zxid.toHex(lastLoggedZxid()));
        }
        int count = 0;
        while (count < pending.size() && pending.get(count).zxid() <= zxid) {
            count++;
        }
        if (count == 0) {
            return with(pending, acceptedEpoch, currentEpoch);
        }
        DataTree applied = tree;
        int from = 0;
        if (committedAhead != null) {
            from = heldBy(committedAhead, count);
            if (from > 0) {
                applied = committedAhead;
            }
        }
        List<AppliedTxn> results = new ArrayList<>(count - from);
        for (int i = from; i < count; i++) {
            Txn txn = pending.get(i);
            ApplyResult result = applied.apply(txn);
            applied = result.tree();
            results.add(new AppliedTxn(txn, result.result(), result.triggers()));
        }
        long newCount = appliedTxnCount + count;
        long countPoint = nextCountPoint == UNSET ? policy.nextGridPoint(appliedTxnCount) : nextCountPoint;
        long bytes = bytesSincePoint + ReplicaEventCodec.loggedBytes(pending.subList(0, count));
        boolean countDue = newCount >= countPoint;
        boolean due = countDue || policy.sizeReached(bytes, snapshotSeqNrs.isEmpty());
        List<Long> history = snapshotSeqNrs;
        if (due) {
            history = appendBounded(snapshotSeqNrs, seqNr, policy.snapRetainCount());
            // a size point restarts the count, as ZooKeeper counts both from the last snapshot
            countPoint = countDue ? policy.nextGridPoint(newCount) : newCount + policy.snapCount();
            bytes = 0;
        }
        return new ReplicaState(applied, List.copyOf(pending.subList(count, pending.size())), acceptedEpoch,
                currentEpoch, pending.get(count - 1).zxid(), newCount, history, List.copyOf(results), due,
                countPoint, bytes);
    }

    /**
     * How many of the first {@code count} pending txns the tree already holds: those up to its
     * lastProcessedZxid, if that is one of them; 0 when it is not (then it is of no use).
     */
    private int heldBy(DataTree ahead, int count) {
        long held = ahead.lastProcessedZxid();
        for (int i = 0; i < count; i++) {
            if (pending.get(i).zxid() == held) {
                return i + 1;
            }
        }
        return 0;
    }

    private List<Txn> keepUpTo(long zxid) {
        int keep = pending.size();
        while (keep > 0 && pending.get(keep - 1).zxid() > zxid) {
            keep--;
        }
        return keep == pending.size() ? pending : List.copyOf(pending.subList(0, keep));
    }

    private ReplicaState with(List<Txn> newPending, long newAcceptedEpoch, long newCurrentEpoch) {
        return new ReplicaState(tree, newPending, newAcceptedEpoch, newCurrentEpoch, committedZxid,
                appliedTxnCount, snapshotSeqNrs, List.of(), false, nextCountPoint, bytesSincePoint);
    }

    private static List<Long> appendBounded(List<Long> list, long value, int max) {
        List<Long> out = new ArrayList<>(list);
        out.add(value);
        while (out.size() > max) {
            out.remove(0);
        }
        return List.copyOf(out);
    }

    private static void failOn(String problem) {
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** Checks every invariant; used on restored state. */
    void checkInvariants() {
        long last = committedZxid;
        for (Txn txn : pending) {
            failOn(zxidOrderProblem(last, txn.zxid()));
            last = txn.zxid();
        }
        if (currentEpoch < 0 || currentEpoch > acceptedEpoch || acceptedEpoch > 0xFFFF_FFFFL) {
            throw new IllegalStateException("epochs out of order: current " + currentEpoch + ", accepted "
                    + acceptedEpoch);
        }
        if (appliedTxnCount < 0) {
            throw new IllegalStateException("negative applied txn count: " + appliedTxnCount);
        }
        for (int i = 1; i < snapshotSeqNrs.size(); i++) {
            if (snapshotSeqNrs.get(i) <= snapshotSeqNrs.get(i - 1)) {
                throw new IllegalStateException("snapshot sequence numbers out of order: " + snapshotSeqNrs);
            }
        }
    }

    @Override
    public String toString() {
        return "ReplicaState[committed " + Zxid.toHex(committedZxid) + ", lastLogged " + Zxid.toHex(lastLoggedZxid())
                + ", pending " + pending.size() + ", acceptedEpoch " + acceptedEpoch + ", currentEpoch "
                + currentEpoch + ", applied " + appliedTxnCount + ", snapshots " + snapshotSeqNrs + "]";
    }
}
