package io.warden.persistence.snapshot;

import io.warden.api.data.Acl;
import io.warden.api.data.Stat;
import io.warden.persistence.tree.DataNode;
import io.warden.persistence.tree.DataTree;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static io.warden.persistence.snapshot.SnapshotFormat.MAGIC;
import static io.warden.persistence.snapshot.SnapshotFormat.VERSION;

/**
 * Streams a {@link DataTree} as a snapshot; the grammar is in {@link SnapshotFormat}. The tree is
 * immutable, so a snapshot is exact (not ZooKeeper's fuzzy one) and can be written while later
 * txns are applied to newer trees. Memory use is a 64 KiB buffer plus the ACL table.
 */
public final class SnapshotWriter {
    private SnapshotWriter() {
    }

    /** Writes the whole snapshot and flushes; does not close or sync the stream. Returns bytes written. */
    public static long write(DataTree tree, OutputStream out) throws IOException {
        CrcOutput o = new CrcOutput(out);
        o.i32(MAGIC);
        o.u8(VERSION);
        o.i64(tree.lastProcessedZxid());
        o.i64(tree.digest());
        o.i32(tree.nodeCount());
        Map<List<Acl>, Integer> aclIds = new IdentityHashMap<>();
        int[] written = {0};
        try {
            tree.forEachPreOrder(node -> {
                try {
                    writeNode(node, o, aclIds);
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (written[0] != tree.nodeCount()) {
            throw new IllegalStateException("tree says " + tree.nodeCount() + " nodes but " + written[0] + " were walked");
        }
        Map<Long, Integer> sessions = tree.sessions();
        o.varlong(sessions.size());
        for (Map.Entry<Long, Integer> session : sessions.entrySet()) {
            o.i64(session.getKey());
            o.i32(session.getValue());
        }
        o.finishWithCrc();
        return o.written();
    }

    private static void writeNode(DataNode node, CrcOutput o, Map<List<Acl>, Integer> aclIds) throws IOException {
        Stat s = node.persistedStat();
        o.bytes(node.nameUtf8());
        o.varlong(s.czxid());
        o.zigzag(s.mzxid() - s.czxid());
        o.zigzag(s.pzxid() - s.czxid());
        o.zigzag(s.ctime());
        o.zigzag(s.mtime() - s.ctime());
        o.zigzag(s.version());
        o.zigzag(s.cversion());
        o.zigzag(s.aversion());
        o.varlong(s.ephemeralOwner());
        o.varlong(s.numChildren());
        // The stored array itself: the writer only reads it, and a copy per node would double the
        // snapshot's allocation.
        o.nullableBytes(node.sharedData());
        // Equal ACLs are one interned instance in the tree, so identity finds the duplicates.
        List<Acl> acl = node.acl();
        Integer id = aclIds.get(acl);
        if (id != null) {
            o.varlong(id);
            return;
        }
        aclIds.put(acl, aclIds.size() + 1);
        o.varlong(0);
        o.varlong(acl.size());
        for (Acl entry : acl) {
            o.i32(entry.perms());
            o.string(entry.id().scheme());
            o.string(entry.id().id());
        }
    }
}
