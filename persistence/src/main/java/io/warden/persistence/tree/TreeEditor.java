package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EphemeralType;
import io.warden.api.data.EventType;
import io.warden.api.data.Paths;
import io.warden.persistence.txn.TxnBody;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The working copy of one {@link DataTree#apply}: a mutable holder of the new tree's fields,
 * discarded if the txn turns out not to apply. Every operation checks all its preconditions
 * before it changes anything, so a failed operation leaves the editor as it was; a failed multi
 * throws the whole editor away.
 */
final class TreeEditor {
    private final long sessionId;
    private final long zxid;
    private final long timeMs;
    final List<WatchTrigger> triggers = new ArrayList<>();

    DataNode root;
    int nodeCount;
    long digest;
    long approximateDataSize;
    PMap<Long, Integer> sessions;
    PMap<Long, PSet> ephemerals;
    int ephemeralCount;
    PSet containers;
    PSet ttls;
    PMap<AclList, Integer> aclRefs;
    PSet quotas;

    TreeEditor(DataTree base, long sessionId, long zxid, long timeMs) {
        this.sessionId = sessionId;
        this.zxid = zxid;
        this.timeMs = timeMs;
        base.copyInto(this);
    }

    TxnResult create(TxnBody.Create create) {
        String path = create.path();
        int nameStart = path.lastIndexOf('/') + 1;
        String parentPath = Paths.parent(path);
        DataNode[] chain = DataTree.resolve(root, parentPath);
        if (chain == null) {
            return new TxnResult.Failed(Code.NO_NODE);
        }
        DataNode parent = chain[chain.length - 1];
        if (parent.ephemeralType() == EphemeralType.NORMAL) {
            return new TxnResult.Failed(Code.NO_CHILDREN_FOR_EPHEMERALS);
        }
        if (ChildTrie.get(parent.children, path, nameStart, path.length()) != null) {
            return new TxnResult.Failed(Code.NODE_EXISTS);
        }
        int cversion = parent.cversion + 1;
        if (create.parentCVersion() != -1 && create.parentCVersion() != cversion) {
            return new TxnResult.Failed(Code.RUNTIME_INCONSISTENCY);
        }
        CreateMode mode = create.mode();
        if (mode.isEphemeral() && !sessions.containsKey(sessionId)) {
            return new TxnResult.Failed(Code.SESSION_EXPIRED);
        }
        long owner = mode.isEphemeral() ? sessionId
                : mode.isContainer() ? EphemeralType.CONTAINER_OWNER
                : mode.isTtl() ? EphemeralType.ttlToOwner(create.ttlMs()) : 0;
        byte[] data = DataNode.stored(create.sharedData());
        DataNode child = new DataNode(Names.encode(path.substring(nameStart)), data, Digest.dataHash(data),
                intern(create.acl()), null, zxid, zxid, zxid, timeMs, timeMs, owner, 0, 0, 0, 0);
        DataNode newParent = parent.withChildren(ChildTrie.put(parent.children, child), parent.numChildren + 1,
                cversion, zxid);
        replace(chain, newParent);
        long parentHash = Digest.pathHash(parentPath);
        digest += Digest.node(Digest.pathHash(path), child)
                + Digest.statPart(parentHash, newParent) - Digest.statPart(parentHash, parent);
        nodeCount++;
        approximateDataSize += path.length() + data.length;
        index(path, owner, true);
        quotaAfterCreate(parentPath, path, data.length);
        triggers.add(new WatchTrigger(path, EventType.NODE_CREATED, child.acl.acl()));
        triggers.add(new WatchTrigger(parentPath, EventType.NODE_CHILDREN_CHANGED, newParent.acl.acl()));
        return new TxnResult.Created(path, child.stat());
    }

    TxnResult delete(String path) {
        if (path.equals(Paths.ROOT)) {
            return new TxnResult.Failed(Code.BAD_ARGUMENTS);
        }
        DataNode[] chain = DataTree.resolve(root, path);
        if (chain == null) {
            return new TxnResult.Failed(Code.NO_NODE);
        }
        DataNode node = chain[chain.length - 1];
        if (node.numChildren != 0) {
            return new TxnResult.Failed(Code.NOT_EMPTY);
        }
        DataNode parent = chain[chain.length - 2];
        Object children = ChildTrie.remove(parent.children, node.name);
        if (children == parent.children) {
            throw new IllegalStateException("child " + path + " resolved but is not in its parent's trie");
        }
        DataNode newParent = parent.withChildren(children, parent.numChildren - 1, parent.cversion, zxid);
        DataNode[] parentChain = Arrays.copyOf(chain, chain.length - 1);
        replace(parentChain, newParent);
        String parentPath = Paths.parent(path);
        long parentHash = Digest.pathHash(parentPath);
        digest += Digest.statPart(parentHash, newParent) - Digest.statPart(parentHash, parent)
                - Digest.node(Digest.pathHash(path), node);
        nodeCount--;
        approximateDataSize -= path.length() + node.data.length;
        release(node.acl);
        index(path, node.ephemeralOwner, false);
        quotaAfterDelete(parentPath, path, node);
        triggers.add(new WatchTrigger(path, EventType.NODE_DELETED, node.acl.acl()));
        triggers.add(new WatchTrigger(parentPath, EventType.NODE_CHILDREN_CHANGED, newParent.acl.acl()));
        return new TxnResult.Deleted(path);
    }

    TxnResult setData(TxnBody.SetData setData) {
        String path = setData.path();
        DataNode[] chain = DataTree.resolve(root, path);
        if (chain == null) {
            return new TxnResult.Failed(Code.NO_NODE);
        }
        DataNode node = chain[chain.length - 1];
        if (setData.version() != node.version + 1) {
            return new TxnResult.Failed(Code.BAD_VERSION);
        }
        byte[] data = DataNode.stored(setData.sharedData());
        DataNode changed = node.withData(data, setData.version(), zxid, timeMs);
        replace(chain, changed);
        long pathHash = Digest.pathHash(path);
        digest += Digest.node(pathHash, changed) - Digest.node(pathHash, node);
        approximateDataSize += data.length - node.data.length;
        moveStats(path, 0, data.length - node.data.length);
        triggers.add(new WatchTrigger(path, EventType.NODE_DATA_CHANGED, changed.acl.acl()));
        return new TxnResult.DataSet(path, changed.stat());
    }

    TxnResult setAcl(TxnBody.SetAcl setAcl) {
        String path = setAcl.path();
        DataNode[] chain = DataTree.resolve(root, path);
        if (chain == null) {
            return new TxnResult.Failed(Code.NO_NODE);
        }
        DataNode node = chain[chain.length - 1];
        if (setAcl.aversion() != node.aversion + 1) {
            return new TxnResult.Failed(Code.BAD_VERSION);
        }
        AclList acl = intern(setAcl.acl());
        release(node.acl);
        DataNode changed = node.withAcl(acl, setAcl.aversion());
        replace(chain, changed);
        long pathHash = Digest.pathHash(path);
        digest += Digest.statPart(pathHash, changed) - Digest.statPart(pathHash, node);
        return new TxnResult.AclSet(path, changed.stat());
    }

    TxnResult check(TxnBody.Check check) {
        DataNode[] chain = DataTree.resolve(root, check.path());
        if (chain == null) {
            return new TxnResult.Failed(Code.NO_NODE);
        }
        if (chain[chain.length - 1].version != check.version()) {
            return new TxnResult.Failed(Code.BAD_VERSION);
        }
        return new TxnResult.Checked(check.path());
    }

    TxnResult createSession(int timeoutMs) {
        if (EphemeralType.of(sessionId, true) != EphemeralType.NORMAL) {
            // 0, the container marker and TTL-shaped ids would be mistaken for other node kinds.
            return new TxnResult.Failed(Code.BAD_ARGUMENTS);
        }
        Integer previous = sessions.get(sessionId);
        if (previous != null) {
            digest -= Digest.session(sessionId, previous);
        }
        sessions = sessions.put(sessionId, timeoutMs);
        digest += Digest.session(sessionId, timeoutMs);
        return new TxnResult.SessionCreated(sessionId, timeoutMs);
    }

    TxnResult closeSession() {
        PSet owned = ephemerals.get(sessionId);
        List<String> paths = new ArrayList<>(owned == null ? List.of() : owned.asSet());
        paths.sort(null);
        for (String path : paths) {
            TxnResult result = delete(path);
            if (!(result instanceof TxnResult.Deleted)) {
                throw new IllegalStateException("ephemeral " + path + " of session 0x"
                        + Long.toHexString(sessionId) + " could not be deleted: " + result);
            }
        }
        Integer timeoutMs = sessions.get(sessionId);
        if (timeoutMs != null) {
            sessions = sessions.remove(sessionId);
            digest -= Digest.session(sessionId, timeoutMs);
        }
        return new TxnResult.SessionClosed(sessionId, paths);
    }

    /**
     * ZooKeeper's quota bookkeeping after a create, in its order: a limits node makes its path a
     * quota path, a stats node is recounted at once, then the new node counts against the deepest
     * quota above it (a stats node too, when a quota covers /zookeeper/quota itself).
     */
    private void quotaAfterCreate(String parentPath, String path, long bytes) {
        String quotaPath = Quotas.quotaPathOf(parentPath);
        if (quotaPath != null && path.endsWith("/" + Quotas.LIMITS_NODE)) {
            quotas = quotas.add(quotaPath);
        }
        if (quotaPath != null && path.endsWith("/" + Quotas.STATS_NODE)) {
            DataNode[] counted = DataTree.resolve(root, quotaPath);
            long[] counts = counted == null ? new long[] {0, 0} : Quotas.countSubtree(counted[counted.length - 1]);
            setStatsData(path, DataTree.resolve(root, path), StatsTrack.of(counts[0], counts[1]).toBytes());
        }
        moveStats(path, 1, bytes);
    }

    /** After a delete: a deleted limits node ends its quota first, then the node leaves the count. */
    private void quotaAfterDelete(String parentPath, String path, DataNode deleted) {
        String quotaPath = Quotas.quotaPathOf(parentPath);
        if (quotaPath != null && path.endsWith("/" + Quotas.LIMITS_NODE)) {
            quotas = quotas.remove(quotaPath);
        }
        moveStats(path, -1, -deleted.data.length);
    }

    /** Adds the differences to the stats of the deepest quota covering {@code path}, if any. */
    private void moveStats(String path, long countDiff, long bytesDiff) {
        String quotaPath = Quotas.deepest(quotas, path);
        if (quotaPath == null) {
            return;
        }
        String statPath = Quotas.statPath(quotaPath);
        DataNode[] chain = DataTree.resolve(root, statPath);
        if (chain == null) {
            return;
        }
        StatsTrack.parse(chain[chain.length - 1].sharedData())
                .ifPresent(stats -> setStatsData(statPath, chain, stats.plus(countDiff, bytesDiff).toBytes()));
    }

    /**
     * Replaces a stats node's data and nothing else: ZooKeeper keeps its Stat and fires no watch.
     * {@code chain} is {@code statPath} resolved in the current root, which the caller has already.
     */
    private void setStatsData(String statPath, DataNode[] chain, byte[] data) {
        DataNode node = chain[chain.length - 1];
        byte[] stored = DataNode.stored(data);
        DataNode changed = node.withData(stored, node.version, node.mzxid, node.mtime);
        replace(chain, changed);
        long pathHash = Digest.pathHash(statPath);
        digest += Digest.node(pathHash, changed) - Digest.node(pathHash, node);
        approximateDataSize += stored.length - node.data.length;
    }

    /** Rebuilds the ancestors of the last node of {@code chain}, which becomes {@code changed}. */
    private void replace(DataNode[] chain, DataNode changed) {
        DataNode node = changed;
        for (int i = chain.length - 2; i >= 0; i--) {
            node = chain[i].withChildTrie(ChildTrie.put(chain[i].children, node));
        }
        root = node;
    }

    private void index(String path, long storedOwner, boolean add) {
        switch (EphemeralType.of(storedOwner, true)) {
            case VOID -> {
            }
            case CONTAINER -> containers = add ? containers.add(path) : containers.remove(path);
            case TTL -> ttls = add ? ttls.add(path) : ttls.remove(path);
            case NORMAL -> {
                PSet owned = ephemerals.get(storedOwner);
                if (!add && (owned == null || !owned.contains(path))) {
                    throw new IllegalStateException("ephemeral " + path + " missing from its session's index");
                }
                PSet changed = add ? (owned == null ? PSet.EMPTY : owned).add(path) : owned.remove(path);
                ephemerals = changed.isEmpty() ? ephemerals.remove(storedOwner) : ephemerals.put(storedOwner, changed);
                ephemeralCount += add ? 1 : -1;
            }
        }
    }

    private AclList intern(List<Acl> acl) {
        AclList candidate = new AclList(acl);
        var entry = aclRefs.entry(candidate);
        if (entry == null) {
            aclRefs = aclRefs.put(candidate, 1);
            return candidate;
        }
        aclRefs = aclRefs.put(entry.getKey(), entry.getValue() + 1);
        return entry.getKey();
    }

    private void release(AclList acl) {
        Integer refs = aclRefs.get(acl);
        if (refs == null) {
            throw new IllegalStateException("ACL " + acl + " is used by a node but not interned");
        }
        aclRefs = refs == 1 ? aclRefs.remove(acl) : aclRefs.put(acl, refs - 1);
    }
}
