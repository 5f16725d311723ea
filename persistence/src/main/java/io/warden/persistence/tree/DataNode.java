package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.EphemeralType;
import io.warden.api.data.Stat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One znode, immutable. It stores its own name (not its path) and its children in a persistent
 * hash trie keyed by name, so a change copies only the path from the root down to the node.
 * The public methods are the read API; everything else belongs to {@link DataTree}.
 */
public final class DataNode {
    /**
     * The stored form of null data (ZooKeeper keeps a client's null as null, apart from empty).
     * A shared zero-length array, recognised by identity, so a null node costs no memory and every
     * length-based count (Stat.dataLength, data size) is 0 without a null check. It never leaves
     * this class: {@link #data()} and {@link #sharedData()} turn it back into null.
     */
    static final byte[] NULL_DATA = new byte[0];
    /** The stored form of empty data: one shared instance, so empty nodes cost no array either. */
    static final byte[] EMPTY_DATA = new byte[0];

    final byte[] name;
    /** Never null: {@link #NULL_DATA} for null, {@link #EMPTY_DATA} for empty, else owned by this node. */
    final byte[] data;
    /**
     * {@code Digest.dataHash(data)}, kept so a change to this node subtracts its old share of the
     * tree digest without hashing the old data again; recomputing the digest checks it.
     */
    final long dataHash;
    final AclList acl;
    /** Null when the node has no children. */
    final Object children;
    final long czxid;
    final long mzxid;
    final long pzxid;
    final long ctime;
    final long mtime;
    final long ephemeralOwner;
    final int version;
    final int cversion;
    final int aversion;
    final int numChildren;

    DataNode(byte[] name, byte[] data, long dataHash, AclList acl, Object children, long czxid, long mzxid,
             long pzxid, long ctime, long mtime, long ephemeralOwner, int version, int cversion, int aversion,
             int numChildren) {
        this.name = name;
        this.data = data;
        this.dataHash = dataHash;
        this.acl = acl;
        this.children = children;
        this.czxid = czxid;
        this.mzxid = mzxid;
        this.pzxid = pzxid;
        this.ctime = ctime;
        this.mtime = mtime;
        this.ephemeralOwner = ephemeralOwner;
        this.version = version;
        this.cversion = cversion;
        this.aversion = aversion;
        this.numChildren = numChildren;
    }

    /** The last path segment ("" for the root). */
    public String name() {
        return Names.decode(name);
    }

    /** The last path segment as UTF-8 (a copy), as snapshots store it. */
    public byte[] nameUtf8() {
        return name.clone();
    }

    /**
     * All eleven Stat fields as ZooKeeper reports them to clients: cversion counts child creates
     * and deletes (2 * creates - children), and ephemeralOwner is 0 for containers and TTL nodes.
     */
    public Stat stat() {
        return new Stat(czxid, mzxid, ctime, mtime, version, cversion(), aversion, ephemeralOwner(),
                data.length, numChildren, pzxid);
    }

    /**
     * The Stat as ZooKeeper persists it, what snapshots store and {@link DataTree.Builder} takes:
     * cversion is {@link #storedCversion()} and ephemeralOwner is {@link #storedEphemeralOwner()}.
     */
    public Stat persistedStat() {
        return new Stat(czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner,
                data.length, numChildren, pzxid);
    }

    /** A copy of the data, or null if the node's data is null (as its creator or last setData sent it). */
    public byte[] data() {
        return data == NULL_DATA ? null : data.clone();
    }

    /**
     * The stored array itself (or null), for zero-copy serialization on the read path. Callers
     * must never modify it: nodes are shared between tree versions and readers, so a write into it
     * would change committed state on every replica view that holds the node. Everyone else uses
     * {@link #data()}.
     */
    public byte[] sharedData() {
        return data == NULL_DATA ? null : data;
    }

    /** The data's length; 0 for null data, as ZooKeeper's Stat.dataLength reports it. */
    public int dataLength() {
        return data.length;
    }

    /**
     * The array a node stores for data it already owns (nobody else holds a reference): the
     * shared sentinels for null and empty, so neither costs an allocation per node.
     */
    static byte[] stored(byte[] owned) {
        return owned == null ? NULL_DATA : owned.length == 0 ? EMPTY_DATA : owned;
    }

    /** The ACL (immutable; equal ACLs are the same instance across the tree). */
    public List<Acl> acl() {
        return acl.acl();
    }

    /** Child names, in the tree's deterministic (hash) order, not sorted. */
    public List<String> children() {
        List<String> names = new ArrayList<>(numChildren);
        ChildTrie.forEach(children, child -> names.add(Names.decode(child.name)));
        return names;
    }

    /** Visits the children in the same order as {@link #children()}. */
    public void forEachChild(Consumer<DataNode> action) {
        ChildTrie.forEach(children, action);
    }

    /** The child of that name, or empty. */
    public Optional<DataNode> child(String name) {
        return Optional.ofNullable(ChildTrie.get(children, name, 0, name.length()));
    }

    public int numChildren() {
        return numChildren;
    }

    public long czxid() {
        return czxid;
    }

    public long mzxid() {
        return mzxid;
    }

    public long pzxid() {
        return pzxid;
    }

    public long ctime() {
        return ctime;
    }

    public long mtime() {
        return mtime;
    }

    public int version() {
        return version;
    }

    /** cversion as clients see it: child creates plus child deletes. */
    public int cversion() {
        return 2 * cversion - numChildren;
    }

    /**
     * cversion as ZooKeeper stores it: the number of children ever created. It is the suffix of
     * the next sequential child, and a {@link io.warden.persistence.txn.TxnBody.Create}'s
     * parentCVersion is this + 1.
     */
    public int storedCversion() {
        return cversion;
    }

    public int aversion() {
        return aversion;
    }

    /** ephemeralOwner as clients see it: the owning session of an ephemeral, else 0. */
    public long ephemeralOwner() {
        return ownerSession(ephemeralOwner);
    }

    /**
     * ephemeralOwner as stored: a session id, {@code Long.MIN_VALUE} for a container, the encoded
     * TTL for a TTL node (see {@link EphemeralType}), or 0.
     */
    public long storedEphemeralOwner() {
        return ephemeralOwner;
    }

    /** What kind of node the stored ephemeralOwner makes this (TTL always recognised). */
    public EphemeralType ephemeralType() {
        return EphemeralType.of(ephemeralOwner, true);
    }

    static long ownerSession(long storedOwner) {
        return EphemeralType.of(storedOwner, true) == EphemeralType.NORMAL ? storedOwner : 0;
    }

    DataNode withChildTrie(Object newChildren) {
        return new DataNode(name, data, dataHash, acl, newChildren, czxid, mzxid, pzxid, ctime, mtime,
                ephemeralOwner, version, cversion, aversion, numChildren);
    }

    DataNode withChildren(Object newChildren, int newNumChildren, int newCversion, long newPzxid) {
        return new DataNode(name, data, dataHash, acl, newChildren, czxid, mzxid, newPzxid, ctime, mtime,
                ephemeralOwner, version, newCversion, aversion, newNumChildren);
    }

    DataNode withData(byte[] newData, int newVersion, long newMzxid, long newMtime) {
        return new DataNode(name, newData, Digest.dataHash(newData), acl, children, czxid, newMzxid, pzxid, ctime,
                newMtime, ephemeralOwner, newVersion, cversion, aversion, numChildren);
    }

    DataNode withAcl(AclList newAcl, int newAversion) {
        return new DataNode(name, data, dataHash, newAcl, children, czxid, mzxid, pzxid, ctime, mtime,
                ephemeralOwner, version, cversion, newAversion, numChildren);
    }

    @Override
    public String toString() {
        return "DataNode[" + name() + ", " + stat() + "]";
    }
}
