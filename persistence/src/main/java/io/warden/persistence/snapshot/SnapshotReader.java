package io.warden.persistence.snapshot;

import io.warden.api.data.Acl;
import io.warden.api.data.Id;
import io.warden.api.data.Stat;
import io.warden.persistence.tree.DataTree;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static io.warden.persistence.snapshot.SnapshotFormat.MAGIC;
import static io.warden.persistence.snapshot.SnapshotFormat.MAX_ACL_ENTRIES;
import static io.warden.persistence.snapshot.SnapshotFormat.MAX_DATA_BYTES;
import static io.warden.persistence.snapshot.SnapshotFormat.MAX_NAME_BYTES;
import static io.warden.persistence.snapshot.SnapshotFormat.VERSION;

/**
 * Reads a snapshot written by {@link SnapshotWriter} (grammar in {@link SnapshotFormat}),
 * streaming: the tree is built node by node as bytes arrive. Nothing is returned unless the
 * whole snapshot parsed, its CRC matched, and the restored tree's digest equals the header's.
 */
public final class SnapshotReader {
    private SnapshotReader() {
    }

    /**
     * Reads one snapshot. Throws {@link SnapshotFormatException} naming the field and offset for a
     * truncated, corrupt or foreign snapshot. Reads ahead in the stream past the trailer.
     */
    public static DataTree read(InputStream in) throws IOException {
        CrcInput r = new CrcInput(in);
        int magic = r.field("magic").i32();
        if (magic != MAGIC) {
            throw r.error(String.format("not a Warden snapshot: magic %08x", magic));
        }
        int version = r.field("version").u8();
        if (version != VERSION) {
            throw r.error("unsupported snapshot version " + version);
        }
        long lastProcessedZxid = r.field("lastProcessedZxid").i64();
        long digest = r.field("digest").i64();
        int nodeCount = r.field("nodeCount").i32();
        if (nodeCount < 1) {
            throw r.error("node count " + nodeCount);
        }
        DataTree.Builder builder = DataTree.builder();
        List<List<Acl>> acls = new ArrayList<>();
        long pendingSubtrees = 1;
        for (int i = 0; i < nodeCount; i++) {
            if (pendingSubtrees == 0) {
                throw r.error("the tree is complete after " + i + " nodes but the header says " + nodeCount);
            }
            int numChildren = readNode(r, builder, acls, nodeCount - i - pendingSubtrees);
            pendingSubtrees += numChildren - 1;
        }
        if (pendingSubtrees != 0) {
            throw r.error(pendingSubtrees + " subtrees still missing after the header's " + nodeCount + " nodes");
        }
        int sessions = r.field("session count").count(Integer.MAX_VALUE);
        for (int i = 0; i < sessions; i++) {
            long sessionId = r.field("sessionId").i64();
            int timeoutMs = r.field("session timeoutMs").i32();
            try {
                builder.session(sessionId, timeoutMs);
            } catch (IllegalArgumentException e) {
                throw r.error(e.getMessage());
            }
        }
        r.verifyCrc();
        DataTree tree;
        try {
            tree = builder.lastProcessedZxid(lastProcessedZxid).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw r.error(e.getMessage());
        }
        if (tree.digest() != digest) {
            throw r.field("digest").error(String.format("restored tree digest %016x differs from the header's %016x",
                    tree.digest(), digest));
        }
        return tree;
    }

    /** Reads one node into the builder; returns its number of children. */
    private static int readNode(CrcInput r, DataTree.Builder builder, List<List<Acl>> acls, long childBudget)
            throws IOException {
        long nodeOffset = r.offset();
        String name = r.field("node name").string(MAX_NAME_BYTES);
        long czxid = r.field("czxid").varlong();
        long mzxid = czxid + r.field("mzxid").zigzag();
        long pzxid = czxid + r.field("pzxid").zigzag();
        long ctime = r.field("ctime").zigzag();
        long mtime = ctime + r.field("mtime").zigzag();
        int version = toInt(r, r.field("version").zigzag());
        int cversion = toInt(r, r.field("cversion").zigzag());
        int aversion = toInt(r, r.field("aversion").zigzag());
        long ephemeralOwner = r.field("ephemeralOwner").varlong();
        int numChildren = r.field("numChildren").count(Math.max(0, childBudget));
        byte[] data = r.field("data").nullableBytes(MAX_DATA_BYTES);
        List<Acl> acl = readAcl(r, acls);
        Stat stat = new Stat(czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner,
                data == null ? 0 : data.length, numChildren, pzxid);
        try {
            builder.node(name, stat, data, acl);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("corrupt snapshot: node at offset " + nodeOffset + ": " + e.getMessage());
        }
        return numChildren;
    }

    private static List<Acl> readAcl(CrcInput r, List<List<Acl>> acls) throws IOException {
        int ref = r.field("acl ref").count(acls.size());
        if (ref > 0) {
            return acls.get(ref - 1);
        }
        int count = r.field("acl count").count(MAX_ACL_ENTRIES);
        List<Acl> acl = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int perms = r.field("acl perms").i32();
            String scheme = r.field("acl scheme").string(MAX_NAME_BYTES);
            String id = r.field("acl id").string(MAX_NAME_BYTES);
            acl.add(new Acl(perms, new Id(scheme, id)));
        }
        List<Acl> defined = List.copyOf(acl);
        acls.add(defined);
        return defined;
    }

    private static int toInt(CrcInput r, long value) throws SnapshotFormatException {
        if (value != (int) value) {
            throw r.error("value " + value + " does not fit 32 bits");
        }
        return (int) value;
    }
}
