package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.EphemeralType;
import io.warden.api.data.Paths;
import io.warden.api.data.Stat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a tree from nodes given in pre-order (the engine of {@link DataTree.Builder}). Each
 * node's children are collected and turned into a trie in one pass when its subtree is
 * complete, so restoring costs no path copying. Everything is validated: the input comes from
 * disk or the network.
 */
final class TreeRestorer {
    private static final class Frame {
        final byte[] name;
        final String path;
        final Stat stat;
        final byte[] data;
        final AclList acl;
        /** Allocated when the first child arrives: most nodes are leaves. */
        List<DataNode> children = List.of();

        Frame(byte[] name, String path, Stat stat, byte[] data, AclList acl) {
            this.name = name;
            this.path = path;
            this.stat = stat;
            this.data = data;
            this.acl = acl;
        }
    }

    private final ArrayList<Frame> stack = new ArrayList<>();
    private final Map<AclList, int[]> aclRefs = new HashMap<>();
    private final Map<AclList, AclList> canonical = new HashMap<>();
    private final Map<Long, PSet> ephemerals = new HashMap<>();
    private List<Acl> lastAcl;
    private AclList lastInterned;
    private DataNode root;
    private int nodeCount;
    private int ephemeralCount;
    private long digest;
    private long approximateDataSize;
    private long lastProcessedZxid;
    private PMap<Long, Integer> sessions = PMap.empty();
    private PSet containers = PSet.EMPTY;
    private PSet ttls = PSet.EMPTY;
    private PSet quotas = PSet.EMPTY;

    void node(String name, Stat stat, byte[] data, List<Acl> acl) {
        if (root != null) {
            throw new IllegalArgumentException("node '" + name + "' after the root's subtree was complete");
        }
        String path;
        if (stack.isEmpty()) {
            if (!name.isEmpty()) {
                throw new IllegalArgumentException("the first node must be the root (name \"\"), not '" + name + "'");
            }
            path = Paths.ROOT;
        } else {
            path = Paths.child(stack.get(stack.size() - 1).path, name);
            if (name.isEmpty() || name.indexOf('/') >= 0 || !Paths.isValid(path)) {
                throw new IllegalArgumentException("invalid node name '" + name + "' under "
                        + stack.get(stack.size() - 1).path);
            }
        }
        int dataLength = data == null ? 0 : data.length;
        if (stat.dataLength() != dataLength) {
            throw new IllegalArgumentException(path + ": stat dataLength " + stat.dataLength()
                    + " but data has " + (data == null ? "null" : dataLength + " bytes"));
        }
        if (stat.numChildren() < 0) {
            throw new IllegalArgumentException(path + ": negative numChildren " + stat.numChildren());
        }
        if (stat.numChildren() > 0 && EphemeralType.of(stat.ephemeralOwner(), true) == EphemeralType.NORMAL) {
            throw new IllegalArgumentException(path + ": an ephemeral node cannot have children");
        }
        if (acl.isEmpty()) {
            throw new IllegalArgumentException(path + ": empty ACL");
        }
        byte[] ownData = DataNode.stored(data == null ? null : data.clone());
        stack.add(new Frame(Names.encode(name), path, stat, ownData, intern(acl)));
        completeFinishedFrames();
    }

    private void completeFinishedFrames() {
        while (!stack.isEmpty()) {
            Frame top = stack.get(stack.size() - 1);
            if (top.children.size() < top.stat.numChildren()) {
                return;
            }
            stack.remove(stack.size() - 1);
            DataNode node = complete(top);
            if (stack.isEmpty()) {
                root = node;
            } else {
                Frame parent = stack.get(stack.size() - 1);
                if (parent.children.isEmpty()) {
                    parent.children = new ArrayList<>(Math.min(parent.stat.numChildren(), 1024));
                }
                parent.children.add(node);
            }
        }
    }

    private DataNode complete(Frame frame) {
        Object children;
        try {
            children = ChildTrie.build(frame.children.toArray(new DataNode[0]));
        } catch (IllegalArgumentException duplicate) {
            throw new IllegalArgumentException(frame.path + ": two children with the same name", duplicate);
        }
        Stat s = frame.stat;
        DataNode node = new DataNode(frame.name, frame.data, Digest.dataHash(frame.data), frame.acl, children,
                s.czxid(), s.mzxid(), s.pzxid(), s.ctime(), s.mtime(), s.ephemeralOwner(), s.version(), s.cversion(),
                s.aversion(), frame.children.size());
        digest += Digest.node(Digest.pathHash(frame.path), node);
        nodeCount++;
        if (nodeCount < 0) {
            throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " nodes");
        }
        approximateDataSize += frame.path.length() + frame.data.length;
        String quotaPath = Quotas.quotaPathSetBy(frame.path);
        if (quotaPath != null) {
            quotas = quotas.add(quotaPath);
        }
        switch (EphemeralType.of(s.ephemeralOwner(), true)) {
            case VOID -> {
            }
            case CONTAINER -> containers = containers.add(frame.path);
            case TTL -> ttls = ttls.add(frame.path);
            case NORMAL -> {
                ephemerals.merge(s.ephemeralOwner(), PSet.EMPTY.add(frame.path), (a, b) -> a.add(frame.path));
                ephemeralCount++;
            }
        }
        return node;
    }

    private AclList intern(List<Acl> acl) {
        if (acl != lastAcl) {
            lastInterned = canonical.computeIfAbsent(new AclList(acl), k -> k);
            lastAcl = acl;
        }
        aclRefs.computeIfAbsent(lastInterned, k -> new int[1])[0]++;
        return lastInterned;
    }

    void session(long sessionId, int timeoutMs) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("session 0x" + Long.toHexString(sessionId) + ": timeout " + timeoutMs);
        }
        if (EphemeralType.of(sessionId, true) != EphemeralType.NORMAL) {
            throw new IllegalArgumentException("invalid session id 0x" + Long.toHexString(sessionId));
        }
        if (sessions.containsKey(sessionId)) {
            throw new IllegalArgumentException("session 0x" + Long.toHexString(sessionId) + " listed twice");
        }
        sessions = sessions.put(sessionId, timeoutMs);
        digest += Digest.session(sessionId, timeoutMs);
    }

    void lastProcessedZxid(long zxid) {
        if (zxid < 0) {
            throw new IllegalArgumentException("negative zxid " + zxid);
        }
        lastProcessedZxid = zxid;
    }

    DataTree build() {
        if (root == null) {
            throw new IllegalStateException(stack.isEmpty() ? "no nodes were added"
                    : "the tree ended inside " + stack.get(stack.size() - 1).path + " ("
                    + stack.get(stack.size() - 1).children.size() + " of "
                    + stack.get(stack.size() - 1).stat.numChildren() + " children)");
        }
        PMap<Long, PSet> ephemeralIndex = PMap.empty();
        for (Map.Entry<Long, PSet> entry : ephemerals.entrySet()) {
            ephemeralIndex = ephemeralIndex.put(entry.getKey(), entry.getValue());
        }
        PMap<AclList, Integer> refs = PMap.empty();
        for (Map.Entry<AclList, int[]> entry : aclRefs.entrySet()) {
            refs = refs.put(entry.getKey(), entry.getValue()[0]);
        }
        return new DataTree(root, nodeCount, lastProcessedZxid, digest, approximateDataSize, sessions,
                ephemeralIndex, ephemeralCount, containers, ttls, refs, quotas);
    }
}
