package io.warden.actors.zab;

import io.warden.api.data.Zxid;
import io.warden.persistence.txn.Txn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The leader's txns in memory, for synchronizing learners: everything after {@code baseZxid} it
 * proposed, committed or not, in zxid order. The committed part is bounded (the oldest committed
 * txns leave and the base moves up); what is not committed yet always stays, since a learner
 * synchronized now must get it. Mutable; owned by the leader's actor.
 */
public final class TxnWindow {
    private final ArrayDeque<Txn> txns = new ArrayDeque<>();
    private final int maxCommitted;
    private long baseZxid;
    private long committedZxid;
    private int committedCount;

    /** What a learner gets: TRUNC or DIFF from {@code fromZxid}, then these txns. */
    public record Sync(boolean truncate, long fromZxid, List<Txn> txns) {
        public Sync {
            txns = List.copyOf(txns);
        }
    }

    /**
     * @param baseZxid     the zxid the first txn follows (the leader's committed zxid)
     * @param uncommitted  the leader's logged but uncommitted txns after it, in order
     * @param maxCommitted the most committed txns kept
     */
    public TxnWindow(long baseZxid, List<Txn> uncommitted, int maxCommitted) {
        if (maxCommitted < 1) {
            throw new IllegalArgumentException("maxCommitted must be positive: " + maxCommitted);
        }
        this.baseZxid = baseZxid;
        this.committedZxid = baseZxid;
        this.maxCommitted = maxCommitted;
        uncommitted.forEach(this::add);
    }

    public long baseZxid() {
        return baseZxid;
    }

    /** The last txn's zxid, or the base when the window is empty. */
    public long lastZxid() {
        return txns.isEmpty() ? baseZxid : txns.peekLast().zxid();
    }

    /** A new proposal: its zxid must follow the last. */
    public void add(Txn txn) {
        if (txn.zxid() <= lastZxid()) {
            throw new IllegalStateException("txn " + Zxid.toHex(txn.zxid()) + " does not follow " + Zxid.toHex(lastZxid()));
        }
        txns.addLast(txn);
    }

    /** Everything up to zxid is committed: the oldest committed txns beyond the bound leave. */
    public void committed(long zxid) {
        if (zxid <= committedZxid) {
            return;
        }
        for (Txn txn : txns) {
            if (txn.zxid() > committedZxid && txn.zxid() <= zxid) {
                committedCount++;
            }
        }
        committedZxid = zxid;
        while (committedCount > maxCommitted) {
            baseZxid = txns.pollFirst().zxid();
            committedCount--;
        }
    }

    /** What a learner whose log ends at learnerLastZxid needs, or null if it is behind the window (SNAP). */
    public Sync syncFor(long learnerLastZxid) {
        return plan(baseZxid, new ArrayList<>(txns), learnerLastZxid);
    }

    /**
     * As {@link #syncFor}, with older committed txns read from the log: {@code logTxns} follow
     * {@code logBase} and must reach this window's base (else null: there would be a hole).
     */
    public Sync syncAfterLog(long logBase, List<Txn> logTxns, long learnerLastZxid) {
        long logLast = logTxns.isEmpty() ? logBase : logTxns.get(logTxns.size() - 1).zxid();
        if (logLast < baseZxid || logBase > baseZxid) {
            return null;
        }
        List<Txn> joined = new ArrayList<>();
        for (Txn txn : logTxns) {
            if (txn.zxid() <= baseZxid) {
                joined.add(txn);
            }
        }
        joined.addAll(txns);
        return plan(logBase, joined, learnerLastZxid);
    }

    private static Sync plan(long base, List<Txn> all, long learnerLastZxid) {
        long[] zxids = all.stream().mapToLong(Txn::zxid).toArray();
        SyncPlan plan = SyncPlanner.plan(base, zxids, learnerLastZxid, Integer.MAX_VALUE);
        if (plan instanceof SyncPlan.Snap) {
            return null;
        }
        boolean truncate = plan instanceof SyncPlan.TruncThenDiff;
        long from = truncate ? ((SyncPlan.TruncThenDiff) plan).truncZxid() : ((SyncPlan.Diff) plan).afterZxid();
        List<Txn> after = new ArrayList<>();
        for (Txn txn : all) {
            if (txn.zxid() > from) {
                after.add(txn);
            }
        }
        return new Sync(truncate, from, after);
    }
}
