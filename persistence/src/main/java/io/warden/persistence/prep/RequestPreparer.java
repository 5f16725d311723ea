package io.warden.persistence.prep;

import io.warden.api.data.Code;
import io.warden.api.data.Zxid;
import io.warden.persistence.tree.ApplyResult;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.tree.TxnResult;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The leader's request preparation (ZooKeeper's PrepRequestProcessor) as a pure core.
 *
 * <p>ZooKeeper decides each write against the committed tree plus the changes it has prepared
 * but not yet committed. Here that state is the <em>speculative tree</em>: the committed tree
 * with every outstanding (prepared, not yet committed) txn applied, in order, plus the list of
 * those outstanding txns. Each decision is exact by construction: the txns are committed in the
 * order they were prepared, so each one meets on every replica the very state it was prepared
 * against.
 *
 * <p>One full tree in memory (ADR 0008). The tree is persistent, so the speculative tree shares
 * every node it did not change with the tree it grew from; but it grew from an older committed
 * tree, and the replica, applying the same txns, built its own nodes for them. Left alone, the
 * two trees would each hold a node for every znode written since start. So the owner hands over
 * committed trees ({@link #committed}): the outstanding txns they cover are dropped, and the
 * speculative tree is <em>rebased</em> onto the committed one: simply replaced by it when
 * nothing is outstanding, otherwise rebuilt by applying the outstanding txns to it once at least
 * as many txns have committed since the last rebase as are outstanding (and at least
 * {@code minRebaseCommits}), which costs at most one extra apply per txn and bounds the nodes
 * only the speculative tree holds to about twice the outstanding ones. A rebuilt tree must have
 * the digest of the one it replaces, or the replica did not apply what was prepared.
 *
 * <p>The committed side knows nothing of this: it only publishes its trees, and a follower, which
 * prepares nothing, has no preparer at all. When leadership (or the pipeline) is lost,
 * {@link #reset} starts again from the committed tree.
 *
 * <p>Not thread-safe: one actor owns it. Each call either returns a txn and advances the
 * speculative tree, or throws (for a caller bug) and changes nothing. The outstanding list is
 * bounded by the caller's log, which accepts only so many txns that are not yet committed.
 */
public final class RequestPreparer {
    /** Fewest commits between two rebuilds when txns are outstanding: keeps rebuilds rare under light load. */
    static final int MIN_REBASE_COMMITS = 1024;

    private final OpRules rules;
    private final int minRebaseCommits;
    private DataTree speculative;
    /** Prepared txns the last handed-over committed tree does not include, oldest first. */
    private final ArrayDeque<Txn> outstanding = new ArrayDeque<>();
    /** Zxid of the newest committed tree handed over (or of the tree reset to). */
    private long committedZxid;
    /** Txns committed since the speculative tree was last rebased onto a committed tree. */
    private long commitsSinceRebase;

    public RequestPreparer(DataTree committed, PrepSettings settings) {
        this(committed, settings, MIN_REBASE_COMMITS);
    }

    RequestPreparer(DataTree committed, PrepSettings settings, int minRebaseCommits) {
        if (minRebaseCommits < 1) {
            throw new IllegalArgumentException("minRebaseCommits must be positive: " + minRebaseCommits);
        }
        this.rules = new OpRules(Objects.requireNonNull(settings, "settings"));
        this.minRebaseCommits = minRebaseCommits;
        reset(committed);
    }

    /**
     * Prepares one write: the txn to propose (an error txn when the request fails, as ZooKeeper
     * logs failed writes too) and the speculative tree advanced by it.
     *
     * @throws IllegalArgumentException if {@code ctx.zxid()} does not follow every zxid prepared
     *                                  so far
     */
    public Prepared prepare(WriteOp op, PrepContext ctx) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(ctx, "ctx");
        if (ctx.zxid() <= speculative.lastProcessedZxid()) {
            throw new IllegalArgumentException("zxid " + Long.toHexString(ctx.zxid())
                    + " does not follow the last prepared zxid " + Long.toHexString(speculative.lastProcessedZxid()));
        }
        Prepared prepared = op instanceof WriteOp.Multi multi ? prepareMulti(multi, ctx) : prepareSingle(op, ctx);
        ApplyResult applied = speculative.apply(prepared.txn());
        requireAgreement(prepared, applied.result());
        speculative = applied.tree();
        outstanding.add(prepared.txn());
        return prepared;
    }

    /**
     * Hands over a committed tree: the prepared txns it includes are no longer outstanding, and
     * the speculative tree is rebased onto it when that is due (see the class comment). A tree no
     * newer than the last one handed over changes nothing, so the owner may pass the latest
     * published tree as often as it likes.
     *
     * @throws IllegalStateException if the tree is not the committed tree after one of the
     *                               prepared txns, or a rebuilt tree disagrees with the speculative one
     */
    public void committed(DataTree tree) {
        long zxid = tree.lastProcessedZxid();
        if (zxid <= committedZxid) {
            return;
        }
        long last = committedZxid;
        int dropped = 0;
        while (!outstanding.isEmpty() && outstanding.peek().zxid() <= zxid) {
            last = outstanding.poll().zxid();
            dropped++;
        }
        if (last != zxid) {
            throw new IllegalStateException("committed tree at " + Zxid.toHex(zxid)
                    + " does not end at a prepared txn (last prepared up to it: " + Zxid.toHex(last) + ")");
        }
        committedZxid = zxid;
        commitsSinceRebase += dropped;
        if (outstanding.isEmpty()) {
            requireSameState(tree, speculative);
            rebasedOnto(tree);
        } else if (commitsSinceRebase >= Math.max(outstanding.size(), minRebaseCommits)) {
            DataTree rebuilt = tree;
            for (Txn txn : outstanding) {
                rebuilt = rebuilt.apply(txn).tree();
            }
            requireSameState(rebuilt, speculative);
            rebasedOnto(rebuilt);
        }
    }

    /** Drops every prepared-but-uncommitted change: preparation continues from {@code committed}. */
    public void reset(DataTree committed) {
        speculative = Objects.requireNonNull(committed, "committed");
        outstanding.clear();
        committedZxid = committed.lastProcessedZxid();
        commitsSinceRebase = 0;
    }

    /** The committed tree with every prepared txn applied. */
    public DataTree speculativeTree() {
        return speculative;
    }

    /** Prepared txns not included in the last committed tree handed over. */
    public int outstandingCount() {
        return outstanding.size();
    }

    /** The ACL rules this preparer enforces, for the read path to share. */
    public AccessControl accessControl() {
        return rules.access();
    }

    private void rebasedOnto(DataTree tree) {
        speculative = tree;
        commitsSinceRebase = 0;
    }

    /**
     * The replica applies exactly the txns prepared here, so a tree built from the committed one
     * must be the speculative tree's equal; the digest covers every node and session.
     */
    private static void requireSameState(DataTree rebased, DataTree speculative) {
        if (rebased.lastProcessedZxid() != speculative.lastProcessedZxid() || rebased.digest() != speculative.digest()
                || rebased.nodeCount() != speculative.nodeCount()) {
            throw new IllegalStateException("the committed tree disagrees with what was prepared: at "
                    + Zxid.toHex(rebased.lastProcessedZxid()) + " digest " + Long.toHexString(rebased.digest())
                    + " and " + rebased.nodeCount() + " nodes, prepared "
                    + Zxid.toHex(speculative.lastProcessedZxid()) + " digest "
                    + Long.toHexString(speculative.digest()) + " and " + speculative.nodeCount() + " nodes");
        }
    }

    private Prepared prepareSingle(WriteOp op, PrepContext ctx) {
        List<String> warnings = new ArrayList<>(0);
        try {
            return new Prepared.Accepted(txn(ctx, rules.body(op, speculative, ctx, warnings)), warnings);
        } catch (Rejection no) {
            return new Prepared.Rejected(txn(ctx, new TxnBody.Failed(no.code())), no.code(), no.path(), -1, warnings);
        }
    }

    /**
     * Each op is decided against the tree as the ops before it left it, by applying them one by
     * one to a scratch copy (cheap: the tree is persistent). The tree takes only increasing zxids,
     * so the scratch copy sees op i at zxid + i; that is harmless because no rule for a multi's
     * ops reads a zxid, and the scratch copy is dropped: the speculative tree gets the whole multi
     * at its own zxid. The first failure fails the whole multi with ZooKeeper's per-op codes.
     */
    private Prepared prepareMulti(WriteOp.Multi multi, PrepContext ctx) {
        List<WriteOp.MultiOp> ops = multi.ops();
        List<TxnBody> bodies = new ArrayList<>(ops.size());
        List<String> warnings = new ArrayList<>(0);
        DataTree scratch = speculative;
        for (int i = 0; i < ops.size(); i++) {
            TxnBody body;
            try {
                body = rules.body(ops.get(i), scratch, ctx, warnings);
            } catch (Rejection no) {
                if (no.code() == Code.MARSHALLING_ERROR) {
                    // ZooKeeper's MarshallingError is an exception escaping the whole request
                    // (a null it dereferences), not one op's answer: the multi fails as one.
                    return new Prepared.Rejected(txn(ctx, new TxnBody.Failed(no.code())), no.code(), no.path(), -1,
                            warnings);
                }
                return failedMulti(ops.size(), i, no, ctx, warnings);
            }
            bodies.add(body);
            if (i + 1 < ops.size()) {
                Txn step = new Txn(ctx.sessionId(), ctx.cxid(), ctx.zxid() + i, ctx.timeMs(), body);
                ApplyResult applied = scratch.apply(step);
                if (applied.result() instanceof TxnResult.Failed failed) {
                    throw new IllegalStateException("the tree refuses op " + i + " of a multi that preparation accepted ("
                            + failed.code() + "): " + body);
                }
                scratch = applied.tree();
            }
        }
        return new Prepared.Accepted(txn(ctx, new TxnBody.Multi(bodies)), warnings);
    }

    /** ZooKeeper's failed multi: OK before the failing op, its code, RUNTIME_INCONSISTENCY after. */
    private static Prepared failedMulti(int size, int failedIndex, Rejection no, PrepContext ctx,
                                        List<String> warnings) {
        List<TxnBody> codes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Code code = i < failedIndex ? Code.OK : i == failedIndex ? no.code() : Code.RUNTIME_INCONSISTENCY;
            codes.add(new TxnBody.Failed(code));
        }
        return new Prepared.Rejected(txn(ctx, new TxnBody.Multi(codes)), no.code(), no.path(), failedIndex, warnings);
    }

    private static Txn txn(PrepContext ctx, TxnBody body) {
        return new Txn(ctx.sessionId(), ctx.cxid(), ctx.zxid(), ctx.timeMs(), body);
    }

    /**
     * Preparation and the tree must agree on every txn; if they do not, one of them is wrong and
     * continuing would make the leader promise outcomes the replicas will not reproduce.
     */
    private static void requireAgreement(Prepared prepared, TxnResult result) {
        boolean treeFailed = result instanceof TxnResult.Failed
                || (result instanceof TxnResult.MultiResult multi && multi.failed());
        boolean prepFailed = prepared instanceof Prepared.Rejected;
        if (treeFailed != prepFailed) {
            throw new IllegalStateException("preparation " + (prepFailed ? "rejected" : "accepted")
                    + " a txn the tree " + (treeFailed ? "fails" : "applies") + ": " + prepared.txn() + " -> " + result);
        }
    }
}
