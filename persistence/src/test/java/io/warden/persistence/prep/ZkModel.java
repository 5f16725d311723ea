package io.warden.persistence.prep;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EphemeralType;
import io.warden.api.data.Id;
import io.warden.api.data.Paths;
import io.warden.api.data.Perms;
import io.warden.api.data.Stat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately naive model of what a ZooKeeper 3.9 server does with a write: one HashMap of
 * nodes, children found by scanning, rules written out in ZooKeeper's order, preparation and
 * application in one step. Only the ids the property test generates are understood (world,
 * auth, digest ids of the form user:hash, "ip" 10.0.0.0/8 and one invalid ip).
 */
final class ZkModel {
    static final String IP_NET = "10.0.0.0/8";

    /** One node; {@code creates} is ZooKeeper's internal child-create counter. */
    static final class Node {
        /** Null when the client sent null data: ZooKeeper keeps it apart from empty. */
        byte[] data = new byte[0];
        List<Acl> acl = Acl.OPEN_ACL_UNSAFE;
        long czxid;
        long mzxid;
        long ctime;
        long mtime;
        long pzxid;
        long owner;
        int version;
        int creates;
        int aversion;

        Node copy() {
            Node n = new Node();
            n.data = data;
            n.acl = acl;
            n.czxid = czxid;
            n.mzxid = mzxid;
            n.ctime = ctime;
            n.mtime = mtime;
            n.pzxid = pzxid;
            n.owner = owner;
            n.version = version;
            n.creates = creates;
            n.aversion = aversion;
            return n;
        }
    }

    /** What the client sees: a code, and for a create the final path; a multi has one per op. */
    record Outcome(Code code, String createdPath, List<Outcome> ops) {
        static Outcome ok() {
            return new Outcome(Code.OK, null, List.of());
        }

        static Outcome failed(Code code) {
            return new Outcome(code, null, List.of());
        }
    }

    /** Who asks: digest id (or null), client address, super or not. */
    record Who(long sessionId, Id digest, String address, boolean isSuper) {
    }

    private static final class No extends RuntimeException {
        final Code code;

        No(Code code) {
            super(code.toString(), null, false, false);
            this.code = code;
        }
    }

    final boolean extendedTypes;
    Map<String, Node> nodes = new HashMap<>();
    Map<Long, Integer> sessions = new HashMap<>();

    ZkModel(boolean extendedTypes) {
        this.extendedTypes = extendedTypes;
        nodes.put("/", new Node());
        nodes.put("/zookeeper", new Node());
        nodes.put("/zookeeper/quota", new Node());
        Node config = new Node();
        config.acl = Acl.READ_ACL_UNSAFE;
        config.aversion = -1;
        nodes.put("/zookeeper/config", config);
    }

    ZkModel copy() {
        ZkModel m = new ZkModel(extendedTypes);
        m.nodes = new HashMap<>();
        nodes.forEach((p, n) -> m.nodes.put(p, n.copy()));
        m.sessions = new HashMap<>(sessions);
        return m;
    }

    // ---- the client-visible view

    List<String> children(String path) {
        List<String> names = new ArrayList<>();
        for (String p : nodes.keySet()) {
            if (!p.equals("/") && parent(p).equals(path)) {
                names.add(p.substring(p.lastIndexOf('/') + 1));
            }
        }
        return names;
    }

    Stat stat(String path) {
        Node n = nodes.get(path);
        int numChildren = children(path).size();
        long visibleOwner = type(n.owner) == EphemeralType.NORMAL ? n.owner : 0;
        return new Stat(n.czxid, n.mzxid, n.ctime, n.mtime, n.version, 2 * n.creates - numChildren, n.aversion,
                visibleOwner, n.data == null ? 0 : n.data.length, numChildren, n.pzxid);
    }

    /** Paths in sorted order with their nodes. */
    Map<String, Node> sortedNodes() {
        return new TreeMap<>(nodes);
    }

    // ---- requests

    Outcome apply(WriteOp op, Who who, long zxid, long timeMs) {
        if (op instanceof WriteOp.Multi multi) {
            return multi(multi, who, zxid, timeMs);
        }
        try {
            return one(op, who, zxid, timeMs);
        } catch (No no) {
            return Outcome.failed(no.code);
        }
    }

    private Outcome multi(WriteOp.Multi multi, Who who, long zxid, long timeMs) {
        Map<String, Node> nodesBefore = copy().nodes;
        List<Outcome> results = new ArrayList<>();
        for (int i = 0; i < multi.ops().size(); i++) {
            try {
                results.add(one(multi.ops().get(i), who, zxid, timeMs));
            } catch (No no) {
                nodes = nodesBefore;
                List<Outcome> codes = new ArrayList<>();
                for (int j = 0; j < multi.ops().size(); j++) {
                    codes.add(Outcome.failed(j < i ? Code.OK : j == i ? no.code : Code.RUNTIME_INCONSISTENCY));
                }
                return new Outcome(no.code, null, codes);
            }
        }
        return new Outcome(Code.OK, null, results);
    }

    private Outcome one(WriteOp op, Who who, long zxid, long timeMs) {
        if (op instanceof WriteOp.Create c) {
            return new Outcome(Code.OK, create(c, who, zxid, timeMs), List.of());
        } else if (op instanceof WriteOp.Delete d) {
            requireSession(who);
            Node parent = need(parentForDelete(d.path()));
            allow(parent, Perms.DELETE, who);
            Node node = need(d.path());
            version(node.version, d.version());
            when(!children(d.path()).isEmpty(), Code.NOT_EMPTY);
            remove(d.path(), zxid);
        } else if (op instanceof WriteOp.SetData s) {
            requireSession(who);
            when(!Paths.isValid(s.path()), Code.BAD_ARGUMENTS);
            Node node = need(s.path());
            allow(node, Perms.WRITE, who);
            version(node.version, s.version());
            node.data = s.data();
            node.version++;
            node.mzxid = zxid;
            node.mtime = timeMs;
        } else if (op instanceof WriteOp.SetAcl s) {
            requireSession(who);
            when(!Paths.isValid(s.path()), Code.BAD_ARGUMENTS);
            List<Acl> acl = fixup(s.acl(), who);
            Node node = need(s.path());
            allow(node, Perms.ADMIN, who);
            version(node.aversion, s.aversion());
            node.acl = acl;
            node.aversion++;
        } else if (op instanceof WriteOp.Check c) {
            requireSession(who);
            when(!Paths.isValid(c.path()), Code.BAD_ARGUMENTS);
            Node node = need(c.path());
            allow(node, Perms.READ, who);
            version(node.version, c.version());
        } else if (op instanceof WriteOp.CreateSession s) {
            sessions.put(who.sessionId(), s.timeoutMs());
        } else if (op instanceof WriteOp.CloseSession) {
            for (String path : List.copyOf(nodes.keySet())) {
                if (nodes.containsKey(path) && type(nodes.get(path).owner) == EphemeralType.NORMAL
                        && nodes.get(path).owner == who.sessionId()) {
                    remove(path, zxid);
                }
            }
            sessions.remove(who.sessionId());
        } else if (op instanceof WriteOp.DeleteContainer d) {
            reap(d.path(), EphemeralType.CONTAINER, zxid, timeMs);
        } else if (op instanceof WriteOp.DeleteTtl d) {
            reap(d.path(), EphemeralType.TTL, zxid, timeMs);
        } else {
            throw new IllegalArgumentException(op.toString());
        }
        return Outcome.ok();
    }

    private String create(WriteOp.Create c, Who who, long zxid, long timeMs) {
        CreateMode mode = c.mode();
        when(mode.isTtl() && !extendedTypes, Code.UNIMPLEMENTED);
        if (mode.isTtl()) {
            when(c.ttlMs() <= 0 || c.ttlMs() > EphemeralType.MAX_TTL_MS, Code.BAD_ARGUMENTS);
        } else {
            when(c.ttlMs() >= 0, Code.BAD_ARGUMENTS);
        }
        requireSession(who);
        when(c.path().lastIndexOf('/') < 0 || c.path().contains("\0"), Code.BAD_ARGUMENTS);
        String parentPath = c.path().lastIndexOf('/') == 0 ? "/" : c.path().substring(0, c.path().lastIndexOf('/'));
        List<Acl> acl = fixup(c.acl(), who);
        Node parent = need(parentPath);
        allow(parent, Perms.CREATE, who);
        String path = mode.isSequential() ? c.path() + String.format("%010d", parent.creates) : c.path();
        when(!Paths.isValid(path), Code.BAD_ARGUMENTS);
        when(nodes.containsKey(path), Code.NODE_EXISTS);
        when(type(parent.owner) == EphemeralType.NORMAL, Code.NO_CHILDREN_FOR_EPHEMERALS);
        Node n = new Node();
        n.data = c.data();
        n.acl = acl;
        n.czxid = n.mzxid = n.pzxid = zxid;
        n.ctime = n.mtime = timeMs;
        n.owner = mode.isContainer() ? EphemeralType.CONTAINER_OWNER
                : mode.isTtl() ? EphemeralType.ttlToOwner(c.ttlMs())
                : mode.isEphemeral() ? who.sessionId() : 0;
        nodes.put(path, n);
        parent.creates++;
        parent.pzxid = zxid;
        return path;
    }

    private void reap(String path, EphemeralType kind, long zxid, long timeMs) {
        parentForDelete(path);
        Node node = need(path);
        when(!children(path).isEmpty(), Code.NOT_EMPTY);
        when(type(node.owner) != kind, Code.BAD_VERSION);
        when(kind == EphemeralType.TTL && timeMs - node.mtime <= EphemeralType.ownerToTtl(node.owner), Code.BAD_VERSION);
        remove(path, zxid);
    }

    private void remove(String path, long zxid) {
        nodes.remove(path);
        nodes.get(parent(path)).pzxid = zxid;
    }

    // ---- rules

    private EphemeralType type(long owner) {
        if (owner == 0) {
            return EphemeralType.VOID;
        }
        if (owner == EphemeralType.CONTAINER_OWNER) {
            return EphemeralType.CONTAINER;
        }
        if (extendedTypes && (owner >>> 56) == 0xFF) {
            return EphemeralType.TTL;
        }
        return EphemeralType.NORMAL;
    }

    private void requireSession(Who who) {
        when(!sessions.containsKey(who.sessionId()), Code.SESSION_EXPIRED);
    }

    private Node need(String path) {
        Node n = nodes.get(path);
        when(n == null, Code.NO_NODE);
        return n;
    }

    private static void version(int current, int expected) {
        when(expected != -1 && expected != current, Code.BAD_VERSION);
    }

    private static void allow(Node node, int perm, Who who) {
        if (node.acl.isEmpty() || who.isSuper()) {
            return;
        }
        for (Acl a : node.acl) {
            if ((a.perms() & perm) == 0) {
                continue;
            }
            Id id = a.id();
            boolean match = id.equals(Id.ANYONE)
                    || (id.scheme().equals("digest") && who.digest() != null && who.digest().equals(id))
                    || (id.scheme().equals("ip") && id.id().equals(IP_NET) && who.address().startsWith("10."));
            if (match) {
                return;
            }
        }
        throw new No(Code.NO_AUTH);
    }

    private static List<Acl> fixup(List<Acl> requested, Who who) {
        List<Acl> unique = new ArrayList<>(new LinkedHashSet<>(requested));
        when(unique.isEmpty(), Code.INVALID_ACL);
        List<Acl> out = new ArrayList<>();
        for (Acl a : unique) {
            Id id = a.id();
            if (id.equals(Id.ANYONE)) {
                out.add(a);
            } else if (id.scheme().equals("auth")) {
                when(who.digest() == null, Code.INVALID_ACL);
                out.add(new Acl(a.perms(), who.digest()));
            } else if (id.scheme().equals("digest") && id.id().matches("[a-z]+:[A-Za-z0-9+/=]+")) {
                out.add(a);
            } else if (id.scheme().equals("ip") && id.id().equals(IP_NET)) {
                out.add(a);
            } else {
                throw new No(Code.INVALID_ACL);
            }
        }
        return out;
    }

    private static String parentForDelete(String path) {
        when(List.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config").contains(path), Code.BAD_ARGUMENTS);
        when(path.lastIndexOf('/') < 0 || path.contains("\0"), Code.BAD_ARGUMENTS);
        return path.lastIndexOf('/') == 0 ? "/" : path.substring(0, path.lastIndexOf('/'));
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    private static void when(boolean condition, Code code) {
        if (condition) {
            throw new No(code);
        }
    }
}
