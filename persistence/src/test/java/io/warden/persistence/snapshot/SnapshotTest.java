package io.warden.persistence.snapshot;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.persistence.tree.DataNode;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.tree.RandomTxns;
import io.warden.persistence.tree.ReferenceModel;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotTest {

    @Provide
    static Arbitrary<Long> seeds() {
        Long fixed = Long.getLong("warden.seed");
        return fixed != null ? Arbitraries.just(fixed) : Arbitraries.longs();
    }

    static byte[] snapshot(DataTree tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = SnapshotWriter.write(tree, out);
        assertEquals(out.size(), written);
        return out.toByteArray();
    }

    static DataTree restore(byte[] bytes) throws IOException {
        return SnapshotReader.read(new ByteArrayInputStream(bytes));
    }

    /** A random tree from a seeded run; returns the generator to continue the run. */
    static DataTree randomTree(long seed, int steps, RandomTxns[] generator) {
        ReferenceModel model = new ReferenceModel();
        RandomTxns txns = new RandomTxns(seed, model);
        DataTree tree = DataTree.fresh();
        for (int i = 0; i < steps; i++) {
            Txn txn = txns.next();
            model.apply(txn);
            tree = tree.apply(txn).tree();
        }
        generator[0] = txns;
        return tree;
    }

    static void assertSameContents(DataTree expected, DataTree actual) {
        assertEquals(expected.digest(), actual.digest());
        assertEquals(expected.lastProcessedZxid(), actual.lastProcessedZxid());
        assertEquals(expected.nodeCount(), actual.nodeCount());
        assertEquals(expected.approximateDataSizeBytes(), actual.approximateDataSizeBytes());
        Map<String, DataNode> nodes = new HashMap<>();
        expected.walk(nodes::put);
        actual.walk((path, node) -> {
            DataNode original = nodes.remove(path);
            assertTrue(original != null, "unexpected " + path);
            assertEquals(original.persistedStat(), node.persistedStat(), path);
            assertArrayEquals(original.data(), node.data(), path);
            assertEquals(original.acl(), node.acl(), path);
        });
        assertTrue(nodes.isEmpty(), "missing " + nodes.keySet());
        assertEquals(expected.sessions(), actual.sessions());
        assertEquals(expected.ephemerals(), actual.ephemerals());
        assertEquals(expected.containers(), actual.containers());
        assertEquals(expected.ttls(), actual.ttls());
        actual.checkInvariants();
    }

    @Test
    void freshTreeRoundTrips() throws IOException {
        DataTree fresh = DataTree.fresh();
        assertSameContents(fresh, restore(snapshot(fresh)));
    }

    @Test
    void nullAndEmptyDataRoundTripApart() throws IOException {
        DataTree tree = DataTree.fresh();
        long zxid = tree.lastProcessedZxid();
        tree = tree.apply(new Txn(1, 1, ++zxid, 5, new TxnBody.Create("/n", null, Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT))).tree();
        tree = tree.apply(new Txn(1, 2, ++zxid, 6, new TxnBody.Create("/e", new byte[0], Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT))).tree();
        tree = tree.apply(new Txn(1, 3, ++zxid, 7, new TxnBody.Create("/d", new byte[] {7}, Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT))).tree();
        DataTree restored = restore(snapshot(tree));
        assertSameContents(tree, restored);
        assertNull(restored.node("/n").orElseThrow().data());
        assertArrayEquals(new byte[0], restored.node("/e").orElseThrow().data());
        assertArrayEquals(new byte[] {7}, restored.node("/d").orElseThrow().data());
    }

    @Property(tries = 30)
    void randomTreesRoundTripAndKeepApplyingAlike(@ForAll("seeds") long seed) throws IOException {
        RandomTxns[] generator = new RandomTxns[1];
        DataTree tree = randomTree(seed, 200, generator);
        DataTree restored = restore(snapshot(tree));
        assertSameContents(tree, restored);
        assertArrayEquals(snapshot(tree), snapshot(restored), "seed " + seed + ": snapshots are deterministic");
        for (int i = 0; i < 50; i++) {
            Txn txn = generator[0].next();
            tree = tree.apply(txn).tree();
            restored = restored.apply(txn).tree();
            assertEquals(tree.digest(), restored.digest(), "seed " + seed + " step " + i);
        }
        assertSameContents(tree, restored);
    }

    @Property(tries = 30)
    void truncatedSnapshotsAreRejected(@ForAll("seeds") long seed) throws IOException {
        byte[] bytes = snapshot(randomTree(seed, 100, new RandomTxns[1]));
        int length = new Random(seed).nextInt(bytes.length);
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> restore(Arrays.copyOf(bytes, length)), "seed " + seed + " length " + length);
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @Property(tries = 60)
    void corruptedSnapshotsAreRejected(@ForAll("seeds") long seed) throws IOException {
        byte[] bytes = snapshot(randomTree(seed, 100, new RandomTxns[1]));
        Random random = new Random(seed);
        int at = random.nextInt(bytes.length);
        bytes[at] ^= (byte) (1 + random.nextInt(255));
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> restore(bytes),
                "seed " + seed + " byte " + at);
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void aWrongDigestIsCaughtEvenWithAValidCrc() throws IOException {
        byte[] bytes = snapshot(randomTree(42, 100, new RandomTxns[1]));
        bytes[4 + 1 + 8] ^= 1; // inside the header's digest
        fixCrc(bytes);
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> restore(bytes));
        assertTrue(e.getMessage().contains("digest"), e.getMessage());
    }

    @Test
    void aForeignFileIsNamedAsSuch() {
        byte[] bytes = "PK\u0003\u0004 not a snapshot at all".getBytes();
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> restore(bytes));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void aWrongNodeCountIsCaughtBeforeTheCrc() throws IOException {
        byte[] bytes = snapshot(DataTree.fresh());
        bytes[4 + 1 + 8 + 8 + 3] = 5; // 5 nodes instead of 4
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> restore(bytes));
        assertTrue(e.getMessage().contains("complete after 4 nodes"), e.getMessage());
    }

    @Test
    void wideAndDeepTreesStream() throws IOException {
        DataTree tree = DataTree.fresh();
        long zxid = 0;
        tree = tree.apply(new Txn(1, 1, ++zxid, 5, new TxnBody.Create("/wide", new byte[0], Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT))).tree();
        for (int i = 0; i < 20_000; i++) {
            tree = tree.apply(new Txn(1, 1, ++zxid, 5, new TxnBody.Create("/wide/n" + i, new byte[i % 200],
                    Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))).tree();
        }
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            deep.append("/d");
            tree = tree.apply(new Txn(1, 1, ++zxid, 5, new TxnBody.Create(deep.toString(), new byte[0],
                    Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT))).tree();
        }
        byte[] bytes = snapshot(tree);
        assertSameContents(tree, restore(bytes));
    }

    @Test
    void aclsAreWrittenOnce() throws IOException {
        DataTree tree = DataTree.fresh();
        for (int i = 0; i < 1_000; i++) {
            tree = tree.apply(new Txn(1, 1, i + 1, 5, new TxnBody.Create("/n" + i, new byte[0],
                    List.of(new Acl(31, new io.warden.api.data.Id("digest", "user:very-long-digest-value-0123456789"))),
                    CreateMode.PERSISTENT))).tree();
        }
        byte[] bytes = snapshot(tree);
        assertTrue(bytes.length < 1_000 * 40, "snapshot of 1000 small nodes is " + bytes.length + " bytes");
    }

    private static void fixCrc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    }
}
