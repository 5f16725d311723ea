package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.EphemeralType;
import io.warden.api.data.Paths;
import io.warden.api.data.Stat;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The replicated state machine: ZooKeeper's data tree as an immutable, persistent value.
 * {@link #apply} returns a new tree sharing every unchanged node with this one, so readers keep
 * a consistent view for free while the next txn is applied.
 *
 * <p>Apply rules. Txns must come in increasing zxid order (otherwise IllegalStateException: the
 * caller's log is broken). Every txn, applied or not, advances {@link #lastProcessedZxid()}. A
 * txn that cannot apply leaves the tree unchanged and reports a {@link TxnResult.Failed}:
 * NO_NODE (missing node or parent), NODE_EXISTS, NOT_EMPTY, NO_CHILDREN_FOR_EPHEMERALS,
 * BAD_VERSION (SetData/SetAcl not carrying current + 1, Check not matching), SESSION_EXPIRED (an
 * ephemeral create for a session no CreateSession opened), RUNTIME_INCONSISTENCY (Create's
 * parentCVersion not the parent's stored cversion + 1), BAD_ARGUMENTS (deleting "/", a session
 * id that is 0 or shaped like a container/TTL owner). Prepared txns never hit these; they exist
 * so that a bug upstream is deterministic on every replica. A multi applies all ops or none: if
 * any op fails, the result lists per-op codes as ZooKeeper does (OK before the failing op, its
 * code, RUNTIME_INCONSISTENCY after) and the tree is unchanged.
 *
 * <p>Stat bookkeeping is ZooKeeper's: a new node has czxid = mzxid = pzxid = the txn's zxid and
 * ctime = mtime = its time; a create sets the parent's pzxid and stored cversion (creates so
 * far); a delete sets the parent's pzxid only; clients see cversion as creates + deletes, which is
 * 2 * stored - numChildren (see {@link DataNode#stat()}).
 */
public final class DataTree {
    final DataNode root;
    final int nodeCount;
    final long lastProcessedZxid;
    final long digest;
    final long approximateDataSize;
    final PMap<Long, Integer> sessions;
    final PMap<Long, PSet> ephemerals;
    final int ephemeralCount;
    final PSet containers;
    final PSet ttls;
    final PMap<AclList, Integer> aclRefs;
    /** Paths that have a quota (a limits node); derived from the nodes, see {@link Quotas}. */
    final PSet quotas;

    DataTree(DataNode root, int nodeCount, long lastProcessedZxid, long digest, long approximateDataSize,
             PMap<Long, Integer> sessions, PMap<Long, PSet> ephemerals, int ephemeralCount, PSet containers,
             PSet ttls, PMap<AclList, Integer> aclRefs, PSet quotas) {
        this.root = root;
        this.nodeCount = nodeCount;
        this.lastProcessedZxid = lastProcessedZxid;
        this.digest = digest;
        this.approximateDataSize = approximateDataSize;
        this.sessions = sessions;
        this.ephemerals = ephemerals;
        this.ephemeralCount = ephemeralCount;
        this.containers = containers;
        this.ttls = ttls;
        this.aclRefs = aclRefs;
        this.quotas = quotas;
        if (nodeCount < 1 || ephemeralCount < 0 || approximateDataSize < 0) {
            throw new IllegalStateException("tree counters broken: nodes=" + nodeCount + " ephemerals="
                    + ephemeralCount + " dataSize=" + approximateDataSize);
        }
    }

    /**
     * A tree as a fresh ZooKeeper 3.9 server holds it: "/" with "/zookeeper", which holds
     * "quota" and "config" (world-readable only, aversion -1), all other Stat fields zero.
     */
    public static DataTree fresh() {
        byte[] none = new byte[0];
        return builder()
                .node("", new Stat(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0), none, Acl.OPEN_ACL_UNSAFE)
                .node("zookeeper", new Stat(0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0), none, Acl.OPEN_ACL_UNSAFE)
                .node("quota", Stat.EMPTY, none, Acl.OPEN_ACL_UNSAFE)
                .node("config", new Stat(0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0), none, Acl.READ_ACL_UNSAFE)
                .build();
    }

    /** Applies one committed txn; see the class comment for the rules. */
    public ApplyResult apply(Txn txn) {
        if (txn.zxid() <= lastProcessedZxid) {
            throw new IllegalStateException("txn zxid 0x" + Long.toHexString(txn.zxid())
                    + " is not after the last processed 0x" + Long.toHexString(lastProcessedZxid));
        }
        TreeEditor editor = new TreeEditor(this, txn.sessionId(), txn.zxid(), txn.timeMs());
        TxnBody body = txn.body();
        TxnResult result = body instanceof TxnBody.Multi multi ? multi(editor, multi) : single(editor, body);
        boolean failed = result instanceof TxnResult.Failed
                || result instanceof TxnResult.MultiResult multiResult && multiResult.failed();
        if (failed) {
            return new ApplyResult(withZxid(txn.zxid()), result, List.of());
        }
        DataTree next = new DataTree(editor.root, editor.nodeCount, txn.zxid(), editor.digest,
                editor.approximateDataSize, editor.sessions, editor.ephemerals, editor.ephemeralCount,
                editor.containers, editor.ttls, editor.aclRefs, editor.quotas);
        return new ApplyResult(next, result, editor.triggers);
    }

    private static TxnResult single(TreeEditor editor, TxnBody body) {
        if (body instanceof TxnBody.Create create) {
            return editor.create(create);
        } else if (body instanceof TxnBody.Delete delete) {
            return editor.delete(delete.path());
        } else if (body instanceof TxnBody.SetData setData) {
            return editor.setData(setData);
        } else if (body instanceof TxnBody.SetAcl setAcl) {
            return editor.setAcl(setAcl);
        } else if (body instanceof TxnBody.Check check) {
            return editor.check(check);
        } else if (body instanceof TxnBody.CreateSession createSession) {
            return editor.createSession(createSession.timeoutMs());
        } else if (body instanceof TxnBody.CloseSession) {
            return editor.closeSession();
        } else if (body instanceof TxnBody.Failed failed) {
            return new TxnResult.Failed(failed.code());
        }
        throw new IllegalStateException("no rule to apply " + body);
    }

    private static TxnResult multi(TreeEditor editor, TxnBody.Multi multi) {
        List<TxnBody> ops = multi.ops();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof TxnBody.Failed failed) {
                return failedMulti(ops, i, failed.code());
            }
        }
        List<TxnResult> results = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            TxnResult result = single(editor, ops.get(i));
            if (result instanceof TxnResult.Failed failed) {
                return failedMulti(ops, i, failed.code());
            }
            results.add(result);
        }
        return new TxnResult.MultiResult(results);
    }

    /** ZooKeeper's per-op codes of a failed multi. */
    private static TxnResult failedMulti(List<TxnBody> ops, int failedAt, Code code) {
        List<TxnResult> results = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Code opCode = ops.get(i) instanceof TxnBody.Failed failed ? failed.code()
                    : i < failedAt ? Code.OK : i == failedAt ? code : Code.RUNTIME_INCONSISTENCY;
            results.add(new TxnResult.Failed(opCode));
        }
        return new TxnResult.MultiResult(results);
    }

    private DataTree withZxid(long zxid) {
        return new DataTree(root, nodeCount, zxid, digest, approximateDataSize, sessions, ephemerals,
                ephemeralCount, containers, ttls, aclRefs, quotas);
    }

    void copyInto(TreeEditor editor) {
        editor.root = root;
        editor.nodeCount = nodeCount;
        editor.digest = digest;
        editor.approximateDataSize = approximateDataSize;
        editor.sessions = sessions;
        editor.ephemerals = ephemerals;
        editor.ephemeralCount = ephemeralCount;
        editor.containers = containers;
        editor.ttls = ttls;
        editor.aclRefs = aclRefs;
        editor.quotas = quotas;
    }

    /** The nodes from the root down to {@code path}, or null when it does not exist. */
    static DataNode[] resolve(DataNode root, String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        int length = path.length();
        if (length == 1) {
            return new DataNode[] {root};
        }
        if (path.charAt(length - 1) == '/') {
            return null;
        }
        int depth = 0;
        for (int i = 0; i < length; i++) {
            if (path.charAt(i) == '/') {
                depth++;
            }
        }
        DataNode[] chain = new DataNode[depth + 1];
        chain[0] = root;
        int start = 1;
        for (int level = 1; level <= depth; level++) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            DataNode child = ChildTrie.get(chain[level - 1].children, path, start, end);
            if (child == null) {
                return null;
            }
            chain[level] = child;
            start = end + 1;
        }
        return chain;
    }

    /** The node at a path, or empty. A malformed path is simply absent. */
    public Optional<DataNode> node(String path) {
        DataNode[] chain = resolve(root, path);
        return chain == null ? Optional.empty() : Optional.of(chain[chain.length - 1]);
    }

    public boolean exists(String path) {
        return resolve(root, path) != null;
    }

    /** The root node "/". */
    public DataNode root() {
        return root;
    }

    /** Number of nodes, the root and system nodes included. */
    public int nodeCount() {
        return nodeCount;
    }

    /** Zxid of the last txn applied (0 for a fresh tree). */
    public long lastProcessedZxid() {
        return lastProcessedZxid;
    }

    /** Order-independent 64-bit digest of every node and session; see {@link #recomputeDigest()}. */
    public long digest() {
        return digest;
    }

    /**
     * The digest recomputed from scratch by walking the whole tree (slow; for verification). It
     * is the wrapping sum of, per node, mix(path, data) + mix(path, persisted Stat, ACL), plus
     * mix(id, timeout) per session; see Digest for the exact functions.
     */
    public long recomputeDigest() {
        long[] sum = {0};
        walk((path, node) -> sum[0] += Digest.nodeFromData(Digest.pathHash(path), node));
        sessions.forEach((id, timeoutMs) -> sum[0] += Digest.session(id, timeoutMs));
        return sum[0];
    }

    /** Sum of path lengths and data lengths, as ZooKeeper's approximate data size. */
    public long approximateDataSizeBytes() {
        return approximateDataSize;
    }

    /** Paths of the ephemeral nodes a session owns (empty if none); an immutable view. */
    public Set<String> ephemerals(long sessionId) {
        PSet owned = ephemerals.get(sessionId);
        return owned == null ? Set.of() : owned.asSet();
    }

    /** Every session owning ephemerals, with their paths (an unmodifiable copy of the index). */
    public Map<Long, Set<String>> ephemerals() {
        Map<Long, Set<String>> view = new HashMap<>();
        ephemerals.forEach((id, paths) -> view.put(id, paths.asSet()));
        return Collections.unmodifiableMap(view);
    }

    public int ephemeralCount() {
        return ephemeralCount;
    }

    /** Open sessions: id -> negotiated timeout; an immutable view. */
    public Map<Long, Integer> sessions() {
        return sessions.asMap();
    }

    /** Paths of container nodes; an immutable view. */
    public Set<String> containers() {
        return containers.asSet();
    }

    /** Paths of TTL nodes; an immutable view. */
    public Set<String> ttls() {
        return ttls.asSet();
    }

    /** Paths that have a quota (a {@code zookeeper_limits} node); an immutable view. */
    public Set<String> quotaPaths() {
        return quotas.asSet();
    }

    /**
     * The quota a write to {@code path} counts against: the deepest quota path that is the path
     * itself or one of its ancestors (ZooKeeper's getMaxPrefixWithQuota), or empty.
     */
    public Optional<String> quotaPathFor(String path) {
        return Optional.ofNullable(Quotas.deepest(quotas, path));
    }

    /**
     * Containers and TTL nodes due for deletion at {@code nowMs}, by ZooKeeper's rules: a
     * container that once had a child (cversion > 0) and has none now; a TTL node without
     * children whose mtime is more than its TTL before now. Sorted; a pure function of the tree.
     */
    public List<String> deletionCandidates(long nowMs) {
        List<String> due = new ArrayList<>();
        for (String path : containers.asSet()) {
            DataNode node = node(path).orElseThrow(() -> new IllegalStateException("indexed container missing: " + path));
            if (node.numChildren == 0 && node.cversion > 0) {
                due.add(path);
            }
        }
        for (String path : ttls.asSet()) {
            DataNode node = node(path).orElseThrow(() -> new IllegalStateException("indexed TTL node missing: " + path));
            long ttlMs = EphemeralType.ownerToTtl(node.ephemeralOwner);
            if (node.numChildren == 0 && nowMs - node.mtime > ttlMs) {
                due.add(path);
            }
        }
        due.sort(null);
        return due;
    }

    /**
     * Visits every node with its path, depth first, each node immediately followed by its whole
     * subtree. Uses a stack of iterators, never recursion: paths may be thousands deep.
     */
    public void walk(BiConsumer<String, DataNode> visitor) {
        visitor.accept("/", root);
        ArrayDeque<String> paths = new ArrayDeque<>();
        ArrayDeque<Iterator<DataNode>> levels = new ArrayDeque<>();
        paths.push("/");
        levels.push(HashTrie.iterator(root.children));
        while (!levels.isEmpty()) {
            Iterator<DataNode> level = levels.peek();
            if (!level.hasNext()) {
                levels.pop();
                paths.pop();
                continue;
            }
            DataNode node = level.next();
            String path = Paths.child(paths.peek(), Names.decode(node.name));
            visitor.accept(path, node);
            if (node.children != null) {
                paths.push(path);
                levels.push(HashTrie.iterator(node.children));
            }
        }
    }

    /** Visits every node in the same order as {@link #walk}, without building paths. */
    public void forEachPreOrder(Consumer<DataNode> visitor) {
        forEachPreOrder(root, visitor);
    }

    /** Visits {@code from} and then its whole subtree, in the order of {@link #walk}; no recursion. */
    static void forEachPreOrder(DataNode from, Consumer<DataNode> visitor) {
        visitor.accept(from);
        ArrayDeque<Iterator<DataNode>> levels = new ArrayDeque<>();
        levels.push(HashTrie.iterator(from.children));
        while (!levels.isEmpty()) {
            Iterator<DataNode> level = levels.peek();
            if (!level.hasNext()) {
                levels.pop();
                continue;
            }
            DataNode node = level.next();
            visitor.accept(node);
            if (node.children != null) {
                levels.push(HashTrie.iterator(node.children));
            }
        }
    }

    /** Checks every structural invariant by a full walk; throws IllegalStateException. */
    public void checkInvariants() {
        InvariantChecker.check(this);
    }

    /** Starts a tree from restored state (snapshot loading). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Rebuilds a tree node by node in the order {@link #forEachPreOrder} visits them: the root
     * first, and each node followed by exactly numChildren subtrees. Throws
     * IllegalArgumentException for a node that does not fit, IllegalStateException from build()
     * when the nodes do not form a complete tree.
     */
    public static final class Builder {
        private final TreeRestorer restorer = new TreeRestorer();

        Builder() {
        }

        /**
         * Adds the next node. {@code persistedStat} is as {@link DataNode#persistedStat()} gives it;
         * its dataLength must match the data (0 for null) and numChildren says how many subtrees follow.
         *
         * @param name the node's name, "" for the root
         * @param data the node's data, copied; null is kept as null, apart from empty
         */
        public Builder node(String name, Stat persistedStat, byte[] data, List<Acl> acl) {
            restorer.node(name, persistedStat, data, acl);
            return this;
        }

        public Builder session(long sessionId, int timeoutMs) {
            restorer.session(sessionId, timeoutMs);
            return this;
        }

        public Builder lastProcessedZxid(long zxid) {
            restorer.lastProcessedZxid(zxid);
            return this;
        }

        /** The tree; throws IllegalStateException if the added nodes are not a complete tree. */
        public DataTree build() {
            return restorer.build();
        }
    }
}
