package io.warden.persistence.tree;

import io.warden.persistence.txn.Txn;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The replicated state machine: ZooKeeper's data tree as an immutable, persistent value.
 * {@link #apply} returns a new tree sharing every unchanged node with this one, so readers keep
 * a consistent view for free while the next txn is applied.
 */
public final class DataTree {

    private DataTree() {
    }

    /** A tree as a fresh ZooKeeper 3.9 server holds it: "/", "/zookeeper", its quota and config. */
    public static DataTree fresh() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Applies one committed txn; see the class comment for the rules. */
    public ApplyResult apply(Txn txn) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The node at a path, or empty. A malformed path is simply absent. */
    public Optional<DataNode> node(String path) {
        throw new UnsupportedOperationException("not yet");
    }

    public boolean exists(String path) {
        return node(path).isPresent();
    }

    /** Number of nodes, the root and system nodes included. */
    public int nodeCount() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Zxid of the last txn applied (0 for a fresh tree). */
    public long lastProcessedZxid() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Order-independent 64-bit digest of every node and session; see {@link #recomputeDigest()}. */
    public long digest() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The digest recomputed from scratch by walking the whole tree (slow; for verification). */
    public long recomputeDigest() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Sum of path lengths and data lengths, as ZooKeeper's approximate data size. */
    public long approximateDataSizeBytes() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Paths of the ephemeral nodes a session owns (empty if none); an immutable view. */
    public Set<String> ephemerals(long sessionId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Every session owning ephemerals, with their paths; an immutable view. */
    public Map<Long, Set<String>> ephemerals() {
        throw new UnsupportedOperationException("not yet");
    }

    public int ephemeralCount() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Open sessions: id -> negotiated timeout; an immutable view. */
    public Map<Long, Integer> sessions() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Paths of container nodes; an immutable view. */
    public Set<String> containers() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Paths of TTL nodes; an immutable view. */
    public Set<String> ttls() {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Containers and TTL nodes due for deletion at {@code nowMs}, by ZooKeeper's rules: a
     * container that once had a child (cversion > 0) and has none now; a TTL node without
     * children whose mtime is more than its TTL before now. Sorted; a pure function of the tree.
     */
    public List<String> deletionCandidates(long nowMs) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Visits every node, parents before their children (pre-order). */
    public void walk(BiConsumer<String, DataNode> visitor) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Checks every structural invariant by a full walk; throws IllegalStateException. */
    public void checkInvariants() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Starts a tree from restored state (snapshot loading): nodes in pre-order, then sessions. */
    public static Builder builder() {
        return new Builder();
    }

    /** Rebuilds a tree node by node; parents must be added before their children. */
    public static final class Builder {
        Builder() {
        }

        /** Adds a node; the root must come first. numChildren and dataLength in stat are checked. */
        public Builder add(String path, io.warden.api.data.Stat stat, byte[] data, List<io.warden.api.data.Acl> acl) {
            throw new UnsupportedOperationException("not yet");
        }

        public Builder session(long sessionId, int timeoutMs) {
            throw new UnsupportedOperationException("not yet");
        }

        public Builder lastProcessedZxid(long zxid) {
            throw new UnsupportedOperationException("not yet");
        }

        /** The tree; throws IllegalStateException if the added nodes are inconsistent. */
        public DataTree build() {
            throw new UnsupportedOperationException("not yet");
        }
    }
}
