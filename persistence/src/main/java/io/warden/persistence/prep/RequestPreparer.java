package io.warden.persistence.prep;

import io.warden.api.data.Code;
import io.warden.persistence.tree.ApplyResult;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.tree.TxnResult;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The leader's request preparation (ZooKeeper's PrepRequestProcessor) as a pure core.
 *
 * <p>ZooKeeper decides each write against the committed tree plus the changes it has prepared
 * but not yet committed. Here that state is one value: the <em>speculative tree</em>, the
 * committed tree with every prepared txn already applied, in order. Because the tree is
 * persistent, keeping it costs only the changed paths, and it is exact by construction: the txns
 * will be committed in the order they were prepared, so each one meets on every replica the very
 * state it was prepared against. Commits need no bookkeeping here; when leadership (or the
 * pipeline) is lost, {@link #reset} starts again from the committed tree.
 *
 * <p>Not thread-safe: one actor owns it. Each call either returns a txn and advances the
 * speculative tree, or throws (for a caller bug) and changes nothing.
 */
public final class RequestPreparer {
    private final OpRules rules;
    private DataTree speculative;

    public RequestPreparer(DataTree committed, PrepSettings settings) {
        this.rules = new OpRules(Objects.requireNonNull(settings, "settings"));
        this.speculative = Objects.requireNonNull(committed, "committed");
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
        return prepared;
    }

    /** Drops every prepared-but-uncommitted change: preparation continues from {@code committed}. */
    public void reset(DataTree committed) {
        speculative = Objects.requireNonNull(committed, "committed");
    }

    /** The committed tree with every prepared txn applied. */
    public DataTree speculativeTree() {
        return speculative;
    }

    /** The ACL rules this preparer enforces, for the read path to share. */
    public AccessControl accessControl() {
        return rules.access();
    }

    private Prepared prepareSingle(WriteOp op, PrepContext ctx) {
        try {
            return new Prepared.Accepted(txn(ctx, rules.body(op, speculative, ctx)));
        } catch (Rejection no) {
            return new Prepared.Rejected(txn(ctx, new TxnBody.Failed(no.code())), no.code(), no.path(), -1);
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
        DataTree scratch = speculative;
        for (int i = 0; i < ops.size(); i++) {
            TxnBody body;
            try {
                body = rules.body(ops.get(i), scratch, ctx);
            } catch (Rejection no) {
                if (no.code() == Code.MARSHALLING_ERROR) {
                    // ZooKeeper's MarshallingError is an exception escaping the whole request
                    // (a null it dereferences), not one op's answer: the multi fails as one.
                    return new Prepared.Rejected(txn(ctx, new TxnBody.Failed(no.code())), no.code(), no.path(), -1);
                }
                return failedMulti(ops.size(), i, no, ctx);
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
        return new Prepared.Accepted(txn(ctx, new TxnBody.Multi(bodies)));
    }

    /** ZooKeeper's failed multi: OK before the failing op, its code, RUNTIME_INCONSISTENCY after. */
    private static Prepared failedMulti(int size, int failedIndex, Rejection no, PrepContext ctx) {
        List<TxnBody> codes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Code code = i < failedIndex ? Code.OK : i == failedIndex ? no.code() : Code.RUNTIME_INCONSISTENCY;
            codes.add(new TxnBody.Failed(code));
        }
        return new Prepared.Rejected(txn(ctx, new TxnBody.Multi(codes)), no.code(), no.path(), failedIndex);
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
