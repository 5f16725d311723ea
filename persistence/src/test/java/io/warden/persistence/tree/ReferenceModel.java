package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EphemeralType;
import io.warden.api.data.EventType;
import io.warden.api.data.Paths;
import io.warden.api.data.Stat;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The naive reference the DataTree is checked against: a map from full path to a mutable node,
 * written from ZooKeeper's documented behaviour with no cleverness, and deep-copied for multi.
 */
public final class ReferenceModel {
    static final class Node {
        /** Null when the client sent null data: ZooKeeper keeps it apart from empty. */
        byte[] data;
        List<Acl> acl;
        long czxid;
        long mzxid;
        long pzxid;
        long ctime;
        long mtime;
        long owner;
        int version;
        int createdChildren;
        int aversion;
        final TreeSet<String> children = new TreeSet<>();

        Node copy() {
            Node n = new Node();
            n.data = data;
            n.acl = acl;
            n.czxid = czxid;
            n.mzxid = mzxid;
            n.pzxid = pzxid;
            n.ctime = ctime;
            n.mtime = mtime;
            n.owner = owner;
            n.version = version;
            n.createdChildren = createdChildren;
            n.aversion = aversion;
            n.children.addAll(children);
            return n;
        }

        Stat stat() {
            boolean session = EphemeralType.of(owner, true) == EphemeralType.NORMAL;
            return new Stat(czxid, mzxid, ctime, mtime, version, 2 * createdChildren - children.size(), aversion,
                    session ? owner : 0, data == null ? 0 : data.length, children.size(), pzxid);
        }
    }

    TreeMap<String, Node> nodes = new TreeMap<>();
    TreeMap<Long, Integer> sessions = new TreeMap<>();
    final List<WatchTrigger> triggers = new ArrayList<>();

    public ReferenceModel() {
        add("/", Acl.OPEN_ACL_UNSAFE, 0);
        add("/zookeeper", Acl.OPEN_ACL_UNSAFE, 0);
        add("/zookeeper/quota", Acl.OPEN_ACL_UNSAFE, 0);
        add("/zookeeper/config", Acl.READ_ACL_UNSAFE, -1);
        nodes.get("/").children.add("zookeeper");
        nodes.get("/zookeeper").children.addAll(List.of("quota", "config"));
    }

    private void add(String path, List<Acl> acl, int aversion) {
        Node n = new Node();
        n.data = new byte[0];
        n.acl = acl;
        n.aversion = aversion;
        nodes.put(path, n);
    }

    public TxnResult apply(Txn txn) {
        triggers.clear();
        TxnBody body = txn.body();
        if (body instanceof TxnBody.Multi multi) {
            return multi(txn, multi.ops());
        }
        return op(txn, body);
    }

    private TxnResult multi(Txn txn, List<TxnBody> ops) {
        TreeMap<String, Node> saved = new TreeMap<>();
        nodes.forEach((p, n) -> saved.put(p, n.copy()));
        List<TxnResult> results = new ArrayList<>();
        int failedAt = -1;
        Code failedCode = null;
        for (int i = 0; i < ops.size() && failedAt < 0; i++) {
            if (ops.get(i) instanceof TxnBody.Failed f) {
                failedAt = i;
                failedCode = f.code();
            }
        }
        for (int i = 0; i < ops.size() && failedAt < 0; i++) {
            TxnResult r = op(txn, ops.get(i));
            if (r instanceof TxnResult.Failed f) {
                failedAt = i;
                failedCode = f.code();
            }
            results.add(r);
        }
        if (failedAt < 0) {
            return new TxnResult.MultiResult(results);
        }
        nodes = saved;
        triggers.clear();
        List<TxnResult> failed = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Code c = ops.get(i) instanceof TxnBody.Failed f ? f.code()
                    : i < failedAt ? Code.OK : i == failedAt ? failedCode : Code.RUNTIME_INCONSISTENCY;
            failed.add(new TxnResult.Failed(c));
        }
        return new TxnResult.MultiResult(failed);
    }

    private TxnResult op(Txn txn, TxnBody body) {
        long zxid = txn.zxid();
        if (body instanceof TxnBody.Create c) {
            String parentPath = Paths.parent(c.path());
            Node parent = nodes.get(parentPath);
            if (parent == null) {
                return new TxnResult.Failed(Code.NO_NODE);
            }
            if (EphemeralType.of(parent.owner, true) == EphemeralType.NORMAL) {
                return new TxnResult.Failed(Code.NO_CHILDREN_FOR_EPHEMERALS);
            }
            if (nodes.containsKey(c.path())) {
                return new TxnResult.Failed(Code.NODE_EXISTS);
            }
            if (c.parentCVersion() != -1 && c.parentCVersion() != parent.createdChildren + 1) {
                return new TxnResult.Failed(Code.RUNTIME_INCONSISTENCY);
            }
            CreateMode mode = c.mode();
            if (mode.isEphemeral() && !sessions.containsKey(txn.sessionId())) {
                return new TxnResult.Failed(Code.SESSION_EXPIRED);
            }
            Node n = new Node();
            n.data = c.data();
            n.acl = c.acl();
            n.czxid = n.mzxid = n.pzxid = zxid;
            n.ctime = n.mtime = txn.timeMs();
            n.owner = mode.isEphemeral() ? txn.sessionId() : mode.isContainer() ? Long.MIN_VALUE
                    : mode.isTtl() ? EphemeralType.ttlToOwner(c.ttlMs()) : 0;
            nodes.put(c.path(), n);
            parent.children.add(Paths.name(c.path()));
            parent.createdChildren++;
            parent.pzxid = zxid;
            triggers.add(new WatchTrigger(c.path(), EventType.NODE_CREATED, n.acl));
            triggers.add(new WatchTrigger(parentPath, EventType.NODE_CHILDREN_CHANGED, parent.acl));
            return new TxnResult.Created(c.path(), n.stat());
        } else if (body instanceof TxnBody.Delete d) {
            return delete(d.path(), zxid);
        } else if (body instanceof TxnBody.SetData s) {
            Node n = nodes.get(s.path());
            if (n == null) {
                return new TxnResult.Failed(Code.NO_NODE);
            }
            if (s.version() != n.version + 1) {
                return new TxnResult.Failed(Code.BAD_VERSION);
            }
            n.data = s.data();
            n.version = s.version();
            n.mzxid = zxid;
            n.mtime = txn.timeMs();
            triggers.add(new WatchTrigger(s.path(), EventType.NODE_DATA_CHANGED, n.acl));
            return new TxnResult.DataSet(s.path(), n.stat());
        } else if (body instanceof TxnBody.SetAcl a) {
            Node n = nodes.get(a.path());
            if (n == null) {
                return new TxnResult.Failed(Code.NO_NODE);
            }
            if (a.aversion() != n.aversion + 1) {
                return new TxnResult.Failed(Code.BAD_VERSION);
            }
            n.acl = a.acl();
            n.aversion = a.aversion();
            return new TxnResult.AclSet(a.path(), n.stat());
        } else if (body instanceof TxnBody.Check c) {
            Node n = nodes.get(c.path());
            if (n == null) {
                return new TxnResult.Failed(Code.NO_NODE);
            }
            return n.version == c.version() ? new TxnResult.Checked(c.path()) : new TxnResult.Failed(Code.BAD_VERSION);
        } else if (body instanceof TxnBody.CreateSession s) {
            if (EphemeralType.of(txn.sessionId(), true) != EphemeralType.NORMAL) {
                return new TxnResult.Failed(Code.BAD_ARGUMENTS);
            }
            sessions.put(txn.sessionId(), s.timeoutMs());
            return new TxnResult.SessionCreated(txn.sessionId(), s.timeoutMs());
        } else if (body instanceof TxnBody.CloseSession) {
            List<String> owned = new ArrayList<>();
            nodes.forEach((p, n) -> {
                if (n.owner == txn.sessionId() && EphemeralType.of(n.owner, true) == EphemeralType.NORMAL) {
                    owned.add(p);
                }
            });
            for (String p : owned) {
                delete(p, zxid);
            }
            sessions.remove(txn.sessionId());
            return new TxnResult.SessionClosed(txn.sessionId(), owned);
        } else if (body instanceof TxnBody.Failed f) {
            return new TxnResult.Failed(f.code());
        }
        throw new IllegalStateException("unexpected " + body);
    }

    private TxnResult delete(String path, long zxid) {
        Node n = nodes.get(path);
        if (n == null) {
            return new TxnResult.Failed(Code.NO_NODE);
        }
        if (!n.children.isEmpty()) {
            return new TxnResult.Failed(Code.NOT_EMPTY);
        }
        nodes.remove(path);
        String parentPath = Paths.parent(path);
        Node parent = nodes.get(parentPath);
        parent.children.remove(Paths.name(path));
        parent.pzxid = zxid;
        triggers.add(new WatchTrigger(path, EventType.NODE_DELETED, n.acl));
        triggers.add(new WatchTrigger(parentPath, EventType.NODE_CHILDREN_CHANGED, parent.acl));
        return new TxnResult.Deleted(path);
    }

    /** Ephemeral paths by session, derived from the nodes. */
    Map<Long, java.util.Set<String>> ephemerals() {
        Map<Long, java.util.Set<String>> bySession = new HashMap<>();
        nodes.forEach((p, n) -> {
            if (EphemeralType.of(n.owner, true) == EphemeralType.NORMAL) {
                bySession.computeIfAbsent(n.owner, k -> new java.util.HashSet<>()).add(p);
            }
        });
        return bySession;
    }

    /** A canonical text of the whole state, for digest injectivity checks. */
    String dump() {
        StringBuilder sb = new StringBuilder();
        nodes.forEach((p, n) -> sb.append(p).append(' ').append(java.util.Arrays.toString(n.data)).append(' ')
                .append(n.stat()).append(' ').append(n.owner).append(' ').append(n.createdChildren).append(' ')
                .append(n.acl).append('\n'));
        sb.append(sessions);
        return sb.toString();
    }
}
