package io.warden.persistence.replica;

import io.warden.api.data.Zxid;
import io.warden.persistence.tree.ApplyResult;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;

import java.util.ArrayList;
import java.util.List;

/**
 * The committed tree as the peer serves it, which may run ahead of the commit mark in the journal
 * (ADR 0017). A ZAB COMMIT of proposals that are already durable is applied here at once, with no
 * journal write; the journal learns the commit with its next write of proposals. If the peer
 * crashes first, recovery lists those txns as pending, and the next leader's sync settles them
 * (DIFF commits them, TRUNC never reaches a committed txn), as ZooKeeper's followers, which never
 * log commits, do.
 *
 * <p>Kept outside the event-sourced state on purpose: that state changes only by journaled events,
 * so it cannot move on a commit that is not written. This view follows the latest durable state
 * of the log ({@link #durable}) and the highest commit heard ({@link #commit}), and applies
 * exactly the txns between its own zxid and min(commit, last durable zxid).
 *
 * <p>Invariants, checked always: its zxid never goes backwards except by {@link #replaced} (an
 * installed snapshot); it never passes the last durable zxid; it applies each txn once, in zxid
 * order. Pure: no Pekko, no clock, no threads; the front ({@link LogFront}) owns it.
 */
final class AppliedView {
    /** The latest durable state of the log; null until recovery is done. */
    private ReplicaState log;
    private DataTree tree;
    private long zxid;
    /** The highest zxid a COMMIT named; may lie beyond the durable log (a write in flight). */
    private long commitTarget;

    /** The committed tree: every txn up to {@link #zxid()} applied. Null until recovery is done. */
    DataTree tree() {
        return tree;
    }

    /** Zxid of the last txn applied to {@link #tree()}. */
    long zxid() {
        return zxid;
    }

    /** True once the recovered state is known. */
    boolean ready() {
        return log != null;
    }

    /** The latest durable state of the log (null before recovery). */
    ReplicaState log() {
        return log;
    }

    /** A COMMIT up to zxid: applies what is durable now; the rest when its write is durable. */
    List<AppliedTxn> commit(long commitZxid) {
        commitTarget = Math.max(commitTarget, commitZxid);
        return advance(new ArrayList<>());
    }

    /**
     * A write is durable and the log's state is now {@code state}. What the write committed itself
     * (standalone, or a commit mark riding on proposals) the event-sourced state has applied
     * already: the view takes that tree rather than applying the txns a second time.
     */
    List<AppliedTxn> durable(ReplicaState state) {
        List<AppliedTxn> out = new ArrayList<>();
        if (log == null) {
            log = state;
            tree = state.tree();
            zxid = state.committedZxid();
            return advance(out);
        }
        log = state;
        if (state.committedZxid() > zxid) {
            for (AppliedTxn applied : state.justApplied()) {
                if (applied.txn().zxid() > zxid) {
                    out.add(applied);
                }
            }
            if (out.isEmpty() || out.get(out.size() - 1).txn().zxid() != state.committedZxid()) {
                throw new IllegalStateException("the log committed up to " + Zxid.toHex(state.committedZxid())
                        + " past the applied view at " + Zxid.toHex(zxid) + " without saying what it applied");
            }
            tree = state.tree();
            zxid = state.committedZxid();
        }
        return advance(out);
    }

    /**
     * The log's state was replaced (an installed snapshot): the view starts again from it, commits
     * heard before no longer count.
     */
    void replaced(ReplicaState state) {
        log = state;
        tree = state.tree();
        zxid = state.committedZxid();
        commitTarget = zxid;
    }

    /** A TRUNC to truncZxid (checked with {@link #truncateProblem}): commits heard above it are void. */
    void truncatedTo(long truncZxid) {
        commitTarget = Math.min(commitTarget, Math.max(truncZxid, zxid));
    }

    /** The durable proposals not yet applied here, in zxid order. */
    List<Txn> unapplied() {
        if (log == null) {
            return List.of();
        }
        List<Txn> pending = log.pending();
        return List.copyOf(pending.subList(firstAbove(pending, zxid), pending.size()));
    }

    /** Why the log cannot be truncated to truncZxid given what this view applied, or null. */
    String truncateProblem(long truncZxid) {
        if (truncZxid < zxid) {
            return "cannot truncate to " + Zxid.toHex(truncZxid) + ": txns up to " + Zxid.toHex(zxid)
                    + " are committed";
        }
        return null;
    }

    /** Applies the durable pending txns up to the commit target. */
    private List<AppliedTxn> advance(List<AppliedTxn> out) {
        if (log == null) {
            return out;
        }
        long upTo = Math.min(commitTarget, log.lastLoggedZxid());
        if (upTo <= zxid) {
            return out;
        }
        List<Txn> pending = log.pending();
        DataTree applied = tree;
        for (int i = firstAbove(pending, zxid); i < pending.size() && pending.get(i).zxid() <= upTo; i++) {
            Txn txn = pending.get(i);
            ApplyResult result = applied.apply(txn);
            applied = result.tree();
            out.add(new AppliedTxn(txn, result.result(), result.triggers()));
            zxid = txn.zxid();
        }
        tree = applied;
        if (zxid != upTo) {
            throw new IllegalStateException("the applied view stopped at " + Zxid.toHex(zxid) + " short of "
                    + Zxid.toHex(upTo) + ": the log's pending proposals do not reach it");
        }
        return out;
    }

    /** Index of the first txn with a zxid above the given one (the list is in zxid order). */
    private static int firstAbove(List<Txn> txns, long zxid) {
        int lo = 0;
        int hi = txns.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (txns.get(mid).zxid() <= zxid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
