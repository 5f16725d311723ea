package io.warden.persistence.tree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The tree digest: the wrapping sum, over every node, of a hash of (path, data) plus a hash of
 * (path, persisted Stat fields, ACL), plus a hash of every session (id, timeout). A sum is order
 * independent and updates in O(1) per changed node; splitting data from Stat means a parent
 * whose child list changed is rehashed without reading its data. The functions are fixed here
 * so digests agree across replicas, JVMs and versions; changing them is a format change. Null
 * data hashes to its own constant, not to the hash of empty data, so replicas that disagree only
 * on null versus empty have different digests.
 */
final class Digest {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long DATA_SEED = 0x2545_F491_4F6C_DD1DL;
    private static final long STAT_SEED = 0x9E37_79B9_7F4A_7C15L;
    private static final long SESSION_SEED = 0xD6E8_FEB8_6659_FD93L;
    /** Stands for {@link #bytes} of null data; any fixed value unlike the hash of an empty array. */
    private static final long NULL_DATA_HASH = 0x5851_F42D_4C95_7F2DL;

    private Digest() {
    }

    static long pathHash(String path) {
        return Hashing.string(path);
    }

    /** The node's share of the digest, from the data hash it keeps (the incremental updates). */
    static long node(long pathHash, DataNode node) {
        return dataPart(pathHash, node.dataHash) + statPart(pathHash, node);
    }

    /** The same share with the data hashed afresh: a node whose kept hash is wrong shows here. */
    static long nodeFromData(long pathHash, DataNode node) {
        return dataPart(pathHash, dataHash(node.data)) + statPart(pathHash, node);
    }

    /** @param data a node's stored array: {@link DataNode#NULL_DATA} stands for null */
    static long dataHash(byte[] data) {
        return data == DataNode.NULL_DATA ? NULL_DATA_HASH : bytes(data);
    }

    private static long dataPart(long pathHash, long dataHash) {
        return Hashing.mix64(pathHash ^ DATA_SEED ^ dataHash);
    }

    static long statPart(long pathHash, DataNode n) {
        long h = pathHash ^ STAT_SEED;
        h = Hashing.mix64(h ^ n.czxid);
        h = Hashing.mix64(h ^ n.mzxid);
        h = Hashing.mix64(h ^ n.pzxid);
        h = Hashing.mix64(h ^ n.ctime);
        h = Hashing.mix64(h ^ n.mtime);
        h = Hashing.mix64(h ^ n.ephemeralOwner);
        h = Hashing.mix64(h ^ ((long) n.version << 32 | (n.cversion & 0xFFFF_FFFFL)));
        h = Hashing.mix64(h ^ ((long) n.aversion << 32 | (n.numChildren & 0xFFFF_FFFFL)));
        return Hashing.mix64(h ^ n.acl.hash64());
    }

    static long session(long sessionId, int timeoutMs) {
        return Hashing.mix64(Hashing.mix64(sessionId ^ SESSION_SEED) + timeoutMs);
    }

    /** 64-bit hash of a byte array, eight bytes per step. */
    static long bytes(byte[] data) {
        long h = 0x27D4_EB2F_1656_67C5L ^ data.length;
        int i = 0;
        for (; i + 8 <= data.length; i += 8) {
            h = Long.rotateLeft(h ^ ((long) LONGS.get(data, i) * 0xC2B2_AE3D_27D4_EB4FL), 31) * 0x9E37_79B9_7F4A_7C15L;
        }
        long tail = 0;
        for (int shift = 0; i < data.length; i++, shift += 8) {
            tail |= (data[i] & 0xFFL) << shift;
        }
        return Hashing.mix64(h ^ tail * 0x1656_67B1_9E37_79F9L);
    }
}
