package io.warden.actors.request;

import io.warden.api.data.CreateMode;
import io.warden.api.wire.Request;
import io.warden.persistence.prep.WriteOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Wire write requests as the preparer's ops. Pure. Null data passes through unchanged: ZooKeeper
 * stores it as null and getData answers null, apart from empty. Elsewhere the wire allows nulls
 * where the ops do not: a null ACL is an empty one (which preparation refuses as InvalidACL), and
 * a null path is "", which preparation refuses as BadArguments like any invalid path. Refusing it
 * here instead would answer it outside the log, with the zxid of the last proposed txn rather
 * than one of its own: ahead of what the session's next read sees, unlike ZooKeeper, which logs
 * the failed write as an error txn like any other.
 */
public final class WriteOps {
    /** ZooKeeper's "no TTL": only createTTL requests carry a real one. */
    private static final long NO_TTL = -1;

    private WriteOps() {}

    public static WriteOp from(Request request) {
        if (request instanceof Request.Multi multi) {
            List<WriteOp.MultiOp> ops = new ArrayList<>(multi.ops().size());
            for (Request.MultiOp op : multi.ops()) {
                ops.add((WriteOp.MultiOp) from(op));
            }
            return new WriteOp.Multi(ops);
        }
        if (request instanceof Request.Create c) {
            return new WriteOp.Create(path(c.path()), c.data(), acl(c.acl()), c.mode(), NO_TTL);
        }
        if (request instanceof Request.Create2 c) {
            return new WriteOp.Create(path(c.path()), c.data(), acl(c.acl()), c.mode(), NO_TTL);
        }
        if (request instanceof Request.CreateContainer c) {
            return new WriteOp.Create(path(c.path()), c.data(), acl(c.acl()), CreateMode.CONTAINER, NO_TTL);
        }
        if (request instanceof Request.CreateTtl c) {
            return new WriteOp.Create(path(c.path()), c.data(), acl(c.acl()), c.mode(), c.ttlMs());
        }
        if (request instanceof Request.Delete d) {
            return new WriteOp.Delete(path(d.path()), d.version());
        }
        if (request instanceof Request.SetData s) {
            return new WriteOp.SetData(path(s.path()), s.data(), s.version());
        }
        if (request instanceof Request.SetAcl s) {
            return new WriteOp.SetAcl(path(s.path()), acl(s.acl()), s.version());
        }
        if (request instanceof Request.Check c) {
            return new WriteOp.Check(path(c.path()), c.version());
        }
        if (request instanceof Request.CloseSession) {
            return new WriteOp.CloseSession();
        }
        throw new IllegalArgumentException("not a write request: " + request.operation());
    }

    private static String path(String path) {
        return path == null ? "" : path;
    }

    private static List<io.warden.api.data.Acl> acl(List<io.warden.api.data.Acl> acl) {
        return acl == null ? List.of() : acl;
    }
}
