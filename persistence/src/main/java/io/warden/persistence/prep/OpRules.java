package io.warden.persistence.prep;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EphemeralType;
import io.warden.api.data.Paths;
import io.warden.api.data.Perms;
import io.warden.persistence.tree.DataNode;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.TxnBody;

import java.util.List;
import java.util.Set;

/**
 * ZooKeeper's preparation rules for one op against one tree state: the txn body it becomes, or a
 * {@link Rejection} with ZooKeeper's code; soft-quota warnings go to the caller's list. The checks run in ZooKeeper 3.9's order, because when
 * several rules fail the first one decides the code the client sees (a delete of a missing node
 * under a parent the session may not touch is NO_AUTH, not NO_NODE).
 */
final class OpRules {
    /** Paths ZooKeeper refuses to delete (its "special paths"): BAD_ARGUMENTS. */
    static final Set<String> UNDELETABLE = Set.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config");

    private final PrepSettings settings;
    private final AccessControl access;
    private final QuotaCheck quotaCheck;

    OpRules(PrepSettings settings) {
        this.settings = settings;
        this.access = new AccessControl(settings);
        this.quotaCheck = new QuotaCheck(settings.enforceQuota());
    }

    AccessControl access() {
        return access;
    }

    /**
     * The body for any op but a multi (a multi is assembled from these by the caller). Java 17 has
     * no switch over sealed types, hence the chain; the last line is unreachable while the
     * permitted types and this chain agree.
     */
    TxnBody body(WriteOp op, DataTree tree, PrepContext ctx, List<String> warnings) {
        if (op instanceof WriteOp.Create create) {
            return create(create, tree, ctx, warnings);
        } else if (op instanceof WriteOp.Delete delete) {
            return delete(delete, tree, ctx);
        } else if (op instanceof WriteOp.SetData setData) {
            return setData(setData, tree, ctx, warnings);
        } else if (op instanceof WriteOp.Check check) {
            return check(check, tree, ctx);
        } else if (op instanceof WriteOp.SetAcl setAcl) {
            return setAcl(setAcl, tree, ctx);
        } else if (op instanceof WriteOp.DeleteContainer reap) {
            return reap(reap.path(), EphemeralType.CONTAINER, tree, ctx);
        } else if (op instanceof WriteOp.DeleteTtl reap) {
            return reap(reap.path(), EphemeralType.TTL, tree, ctx);
        } else if (op instanceof WriteOp.CreateSession open) {
            if (EphemeralType.of(ctx.sessionId(), true) != EphemeralType.NORMAL) {
                // 0 is the server's own id, and container- or TTL-shaped ids would make a session's
                // ephemerals look like other kinds of node: the server must never hand them out.
                throw new IllegalArgumentException("not a session id: 0x" + Long.toHexString(ctx.sessionId()));
            }
            return new TxnBody.CreateSession(open.timeoutMs());
        } else if (op instanceof WriteOp.CloseSession) {
            // Closing never fails: the tree deletes whatever ephemerals the session owns by then,
            // pending creates included, because they are applied before this txn.
            return new TxnBody.CloseSession();
        } else if (op instanceof WriteOp.Multi) {
            throw new IllegalArgumentException("a multi is prepared op by op");
        }
        throw new IllegalStateException("unknown write op " + op);
    }

    private TxnBody create(WriteOp.Create op, DataTree tree, PrepContext ctx, List<String> warnings) {
        CreateMode mode = op.mode();
        if (mode.isTtl() && !settings.extendedTypesEnabled()) {
            throw new Rejection(Code.UNIMPLEMENTED, op.path());
        }
        boolean ttlValid = mode.isTtl()
                ? op.ttlMs() > 0 && op.ttlMs() <= EphemeralType.MAX_TTL_MS
                : op.ttlMs() < 0;
        if (!ttlValid) {
            throw new Rejection(Code.BAD_ARGUMENTS, op.path());
        }
        requireOpenSession(tree, ctx);
        String parentPath = parentOf(op.path());
        List<Acl> acl = access.fixup(op.path(), op.acl(), ctx.auth());
        DataNode parent = existing(tree, parentPath);
        requirePermission(parent, Perms.CREATE, ctx, op.path());
        // ZooKeeper names a sequential child after the parent's stored child-create counter, not
        // the cversion clients see (which deletes also bump).
        String path = mode.isSequential() ? op.path() + Paths.sequenceSuffix(parent.storedCversion()) : op.path();
        if (!Paths.isValid(path)) {
            throw new Rejection(Code.BAD_ARGUMENTS, path);
        }
        if (tree.exists(path)) {
            throw new Rejection(Code.NODE_EXISTS, path);
        }
        if (EphemeralType.of(parent.storedEphemeralOwner(), settings.extendedTypesEnabled()) == EphemeralType.NORMAL) {
            throw new Rejection(Code.NO_CHILDREN_FOR_EPHEMERALS, path);
        }
        quotaCheck.check(tree, path, 1, length(op.sharedData()), warnings);
        long ttlMs = mode.isTtl() ? op.ttlMs() : 0;
        return new TxnBody.Create(path, op.sharedData(), acl, mode, ttlMs, parent.storedCversion() + 1);
    }

    private TxnBody delete(WriteOp.Delete op, DataTree tree, PrepContext ctx) {
        requireOpenSession(tree, ctx);
        DataNode parent = existing(tree, deletableParentOf(op.path()));
        requirePermission(parent, Perms.DELETE, ctx, op.path());
        DataNode node = existing(tree, op.path());
        requireVersion(node.version(), op.version(), op.path());
        if (node.numChildren() > 0) {
            throw new Rejection(Code.NOT_EMPTY, op.path());
        }
        return new TxnBody.Delete(op.path());
    }

    private TxnBody setData(WriteOp.SetData op, DataTree tree, PrepContext ctx, List<String> warnings) {
        requireOpenSession(tree, ctx);
        requireValidPath(op.path());
        DataNode node = existing(tree, op.path());
        requirePermission(node, Perms.WRITE, ctx, op.path());
        quotaCheck.check(tree, op.path(), 0, length(op.sharedData()) - node.dataLength(), warnings);
        requireVersion(node.version(), op.version(), op.path());
        return new TxnBody.SetData(op.path(), op.sharedData(), node.version() + 1);
    }

    private TxnBody check(WriteOp.Check op, DataTree tree, PrepContext ctx) {
        requireOpenSession(tree, ctx);
        requireValidPath(op.path());
        DataNode node = existing(tree, op.path());
        requirePermission(node, Perms.READ, ctx, op.path());
        requireVersion(node.version(), op.version(), op.path());
        return new TxnBody.Check(op.path(), node.version());
    }

    private TxnBody setAcl(WriteOp.SetAcl op, DataTree tree, PrepContext ctx) {
        requireOpenSession(tree, ctx);
        requireValidPath(op.path());
        List<Acl> acl = access.fixup(op.path(), op.acl(), ctx.auth());
        DataNode node = existing(tree, op.path());
        requirePermission(node, Perms.ADMIN, ctx, op.path());
        requireVersion(node.aversion(), op.aversion(), op.path());
        return new TxnBody.SetAcl(op.path(), acl, node.aversion() + 1);
    }

    /**
     * The reapers' delete. ZooKeeper only refuses a session's ephemeral here; this also refuses a
     * node of another kind (a container deleted and re-created as a plain node since the reaper
     * looked) and a TTL node touched since, so a stale candidate never deletes live data.
     * No session and no ACL: the server itself asks.
     */
    private TxnBody reap(String path, EphemeralType kind, DataTree tree, PrepContext ctx) {
        deletableParentOf(path);
        DataNode node = existing(tree, path);
        if (node.numChildren() > 0) {
            throw new Rejection(Code.NOT_EMPTY, path);
        }
        long owner = node.storedEphemeralOwner();
        if (EphemeralType.of(owner, settings.extendedTypesEnabled()) != kind) {
            throw new Rejection(Code.BAD_VERSION, path);
        }
        if (kind == EphemeralType.TTL && ctx.timeMs() - node.mtime() <= EphemeralType.ownerToTtl(owner)) {
            throw new Rejection(Code.BAD_VERSION, path);
        }
        existing(tree, deletableParentOf(path));
        return new TxnBody.Delete(path);
    }

    /**
     * A session that is not open in the tree is closed, or its close is already prepared: ZooKeeper
     * answers SESSION_EXPIRED to a closing session. This is what keeps an ephemeral from being
     * created for a session whose close is in flight.
     */
    private static void requireOpenSession(DataTree tree, PrepContext ctx) {
        if (!tree.sessions().containsKey(ctx.sessionId())) {
            throw new Rejection(Code.SESSION_EXPIRED, null);
        }
    }

    private void requirePermission(DataNode node, int perm, PrepContext ctx, String path) {
        if (!access.permits(node.acl(), perm, ctx.auth())) {
            throw new Rejection(Code.NO_AUTH, path);
        }
    }

    private static void requireVersion(int current, int expected, String path) {
        if (expected != -1 && expected != current) {
            throw new Rejection(Code.BAD_VERSION, path);
        }
    }

    private static long length(byte[] data) {
        return data == null ? 0 : data.length;
    }

    private static void requireValidPath(String path) {
        if (!Paths.isValid(path)) {
            throw new Rejection(Code.BAD_ARGUMENTS, path);
        }
    }

    /**
     * The node, or NO_NODE. The tree treats a malformed path as absent, which is what ZooKeeper's
     * lookup does too: a create under "/a/" or a delete of "/a//b" fails as NO_NODE there.
     */
    private static DataNode existing(DataTree tree, String path) {
        return tree.node(path).orElseThrow(() -> new Rejection(Code.NO_NODE, path));
    }

    /**
     * ZooKeeper's cheap check before a create: everything up to the last '/' is the parent, and
     * only a path without any '/' or with a NUL is refused now; the full validation runs on the
     * final (suffixed) path later. The root's parent is the root itself, so creating "/" ends in
     * NODE_EXISTS, and a sequential create of "/" names a child of the root.
     */
    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0 || path.indexOf('\0') >= 0) {
            throw new Rejection(Code.BAD_ARGUMENTS, path);
        }
        return slash == 0 ? Paths.ROOT : path.substring(0, slash);
    }

    private static String deletableParentOf(String path) {
        if (UNDELETABLE.contains(path)) {
            throw new Rejection(Code.BAD_ARGUMENTS, path);
        }
        return parentOf(path);
    }
}
