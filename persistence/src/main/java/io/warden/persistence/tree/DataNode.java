package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.Stat;

import java.util.ArrayList;
import java.util.List;

/**
 * One znode, immutable. It stores its own name (not its path) and its children in a persistent
 * hash trie keyed by name, so a change copies only the path from the root down to the node.
 * The public methods are the read API; everything else belongs to {@link DataTree}.
 */
public final class DataNode {
    final byte[] name;
    final byte[] data;
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

    DataNode(byte[] name, byte[] data, AclList acl, Object children, long czxid, long mzxid, long pzxid,
             long ctime, long mtime, long ephemeralOwner, int version, int cversion, int aversion,
             int numChildren) {
        this.name = name;
        this.data = data;
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

    /** All eleven Stat fields, as ZooKeeper reports them. */
    public Stat stat() {
        return new Stat(czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner,
                data.length, numChildren, pzxid);
    }

    /** A copy of the data. */
    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
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

    public int cversion() {
        return cversion;
    }

    public int aversion() {
        return aversion;
    }

    /** Session id of an ephemeral, {@code Long.MIN_VALUE} for a container, encoded TTL, or 0. */
    public long ephemeralOwner() {
        return ephemeralOwner;
    }

    @Override
    public String toString() {
        return "DataNode[" + name() + ", " + stat() + "]";
    }
}
