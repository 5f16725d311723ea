package io.warden.actors.session;

import io.warden.api.data.Code;
import io.warden.api.wire.OpResult;
import io.warden.api.wire.Request;
import io.warden.api.wire.Response;
import io.warden.persistence.tree.TxnResult;
import java.util.ArrayList;
import java.util.List;

/** Turns a write's result into the reply ZooKeeper sends for that kind of request. Pure. */
final class WriteReplies {
    private WriteReplies() {}

    /** The reply's error code: a failed write's code; OK for a multi, whose failure is per op. */
    static Code code(TxnResult result) {
        return result instanceof TxnResult.Failed failed ? failed.code() : Code.OK;
    }

    static Response response(Request request, TxnResult result) {
        if (result instanceof TxnResult.Created c) {
            return request instanceof Request.Create
                    ? new Response.Create(c.path())
                    : new Response.Create2(c.path(), c.stat());
        }
        if (result instanceof TxnResult.DataSet s) {
            return new Response.NodeStat(s.stat());
        }
        if (result instanceof TxnResult.AclSet a) {
            return new Response.SetAcl(a.stat());
        }
        if (result instanceof TxnResult.MultiResult m) {
            return new Response.Multi(opResults((Request.Multi) request, m));
        }
        // Failed, Deleted, Checked, SessionCreated, SessionClosed: the header says it all.
        return Response.Empty.INSTANCE;
    }

    private static List<OpResult> opResults(Request.Multi multi, TxnResult.MultiResult result) {
        if (multi.ops().size() != result.results().size()) {
            throw new IllegalStateException("multi of " + multi.ops().size() + " ops got "
                    + result.results().size() + " results");
        }
        List<OpResult> out = new ArrayList<>(result.results().size());
        for (int i = 0; i < result.results().size(); i++) {
            out.add(opResult(multi.ops().get(i), result.results().get(i)));
        }
        return out;
    }

    private static OpResult opResult(Request.MultiOp op, TxnResult result) {
        if (result instanceof TxnResult.Failed f) {
            return new OpResult.ErrorResult(f.code());
        }
        if (result instanceof TxnResult.Created c) {
            return op instanceof Request.Create
                    ? new OpResult.CreateResult(c.path())
                    : new OpResult.Create2Result(c.path(), c.stat());
        }
        if (result instanceof TxnResult.Deleted) {
            return OpResult.DeleteResult.INSTANCE;
        }
        if (result instanceof TxnResult.DataSet s) {
            return new OpResult.SetDataResult(s.stat());
        }
        if (result instanceof TxnResult.Checked) {
            return OpResult.CheckResult.INSTANCE;
        }
        throw new IllegalStateException("not a multi op result: " + result);
    }
}
