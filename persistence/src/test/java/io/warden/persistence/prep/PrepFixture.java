package io.warden.persistence.prep;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.persistence.tree.DataNode;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A preparer over a fresh tree, with a zxid / cxid / clock that advance per request. */
final class PrepFixture {
    static final long S1 = 0x1001L;
    static final long S2 = 0x2002L;
    static final SessionAuth ANON = SessionAuth.connectedFrom("10.0.0.1");

    final RequestPreparer preparer;
    final DataTree initial;
    final List<Txn> prepared = new ArrayList<>();
    long zxid;
    long timeMs = 1_700_000_000_000L;

    PrepFixture(PrepSettings settings) {
        this.initial = DataTree.fresh();
        this.preparer = new RequestPreparer(initial, settings);
    }

    /** A fixture with sessions S1 and S2 open. */
    static PrepFixture withSessions(PrepSettings settings) {
        PrepFixture f = new PrepFixture(settings);
        f.accept(new WriteOp.CreateSession(30_000), S1, ANON);
        f.accept(new WriteOp.CreateSession(30_000), S2, ANON);
        return f;
    }

    Prepared run(WriteOp op) {
        return run(op, S1, ANON);
    }

    Prepared run(WriteOp op, long sessionId, SessionAuth auth) {
        zxid++;
        timeMs += 10;
        Prepared p = preparer.prepare(op, new PrepContext(sessionId, (int) zxid, zxid, timeMs, auth));
        prepared.add(p.txn());
        return p;
    }

    Txn accept(WriteOp op) {
        return accept(op, S1, ANON);
    }

    Txn accept(WriteOp op, long sessionId, SessionAuth auth) {
        Prepared p = run(op, sessionId, auth);
        if (!(p instanceof Prepared.Accepted)) {
            throw new AssertionError("expected " + op + " to be accepted, got " + p);
        }
        return p.txn();
    }

    Code code(WriteOp op) {
        return code(run(op));
    }

    Code code(WriteOp op, long sessionId, SessionAuth auth) {
        return code(run(op, sessionId, auth));
    }

    static Code code(Prepared p) {
        return p instanceof Prepared.Rejected r ? r.code() : Code.OK;
    }

    /** Creates a node and returns its final path. */
    String create(String path, CreateMode mode) {
        return create(path, mode, Acl.OPEN_ACL_UNSAFE, S1, ANON);
    }

    String create(String path, CreateMode mode, List<Acl> acl, long sessionId, SessionAuth auth) {
        Txn txn = accept(new WriteOp.Create(path, bytes("d"), acl, mode), sessionId, auth);
        return ((TxnBody.Create) txn.body()).path();
    }

    DataTree tree() {
        return preparer.speculativeTree();
    }

    DataNode node(String path) {
        return tree().node(path).orElseThrow(() -> new AssertionError("no node " + path));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
