package io.warden.api.data;

/**
 * A znode's metadata, field for field as ZooKeeper reports it.
 *
 * @param czxid          zxid of the txn that created the node
 * @param mzxid          zxid of the txn that last changed the node's data
 * @param ctime          leader time (ms since epoch) when the node was created
 * @param mtime          leader time (ms since epoch) when the data last changed
 * @param version        number of data changes
 * @param cversion       number of child changes
 * @param aversion       number of ACL changes
 * @param ephemeralOwner session id owning an ephemeral node, 0 otherwise (a TTL node stores its TTL
 *                       here, encoded as ZooKeeper does; see {@link EphemeralType})
 * @param dataLength     length of the data in bytes
 * @param numChildren    number of children
 * @param pzxid          zxid of the txn that last created or deleted a child
 */
public record Stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion,
                   int aversion, long ephemeralOwner, int dataLength, int numChildren, long pzxid) {

    /** The all-zero Stat ZooKeeper returns where a node has no metadata to report. */
    public static final Stat EMPTY = new Stat(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
