package io.warden.persistence.snapshot;

/**
 * The snapshot grammar, shared by {@link SnapshotWriter} and {@link SnapshotReader}. Fixed-width
 * integers are big-endian; {@code varint} is unsigned LEB128 (7 bits a byte, low first);
 * {@code zigzag} is a signed value zig-zag mapped, then varint.
 *
 * <pre>
 * snapshot  = header node{nodeCount} sessions crc:i32
 * header    = magic:i32("WDSN") version:u8(=2) lastProcessedZxid:i64 digest:i64 nodeCount:i32
 * node      = name stat data acl           ; pre-order: the root (name "") first, each node
 *                                          ; followed by its numChildren subtrees
 * name      = length:varint utf8-bytes     ; the last path segment, not the path
 * stat      = czxid:varint mzxid-czxid:zigzag pzxid-czxid:zigzag ctime:zigzag mtime-ctime:zigzag
 *             version:zigzag cversion:zigzag aversion:zigzag ephemeralOwner:varint numChildren:varint
 *                                          ; ZooKeeper's persisted values (DataNode.persistedStat)
 * data      = 0:varint                     ; null data (kept apart from empty, as ZooKeeper does)
 *           | length+1:varint bytes        ; length at most MAX_DATA_BYTES; 1 = empty data
 * acl       = 0:varint count:varint entry{count}   ; defines the next ACL of the table (ids 1, 2...)
 *           | id:varint                             ; refers to ACL id, defined earlier
 * entry     = perms:i32 scheme:string id:string
 * sessions  = count:varint (sessionId:i64 timeoutMs:i32){count}
 * crc       = CRC32C of every byte before it
 * </pre>
 *
 * The reader checks, in order: magic and version, every bound, the tree shape against nodeCount,
 * every node (names, stat, ACL) as {@code DataTree.Builder} does, the CRC, and finally that the
 * digest recomputed from the restored nodes and sessions equals the header's.
 *
 * <p>Version 2 added null data (version 1 wrote {@code length:varint bytes}); a version-1
 * snapshot is refused as unsupported, since none was ever deployed.
 */
final class SnapshotFormat {
    static final int MAGIC = 0x5744_534E; // "WDSN"
    static final int VERSION = 2;
    static final int MAX_DATA_BYTES = 64 << 20;
    static final int MAX_NAME_BYTES = 1 << 20;
    static final int MAX_ACL_ENTRIES = 1 << 16;

    private SnapshotFormat() {
    }
}
