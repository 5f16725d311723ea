package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Stat;
import io.warden.persistence.txn.TxnBody;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataTreeEdgeCasesTest {
    private static final long SESSION = 0x0100_0000_0000_00AAL;

    @Test
    void ephemeralCreatedInAMultiBelongsToTheTxnsSession() {
        Driver d = new Driver();
        d.apply(SESSION, new TxnBody.CreateSession(5_000));
        d.apply(SESSION, new TxnBody.Multi(List.of(Driver.create("/e", "", CreateMode.EPHEMERAL),
                Driver.create("/p", "", CreateMode.PERSISTENT))));
        assertEquals(SESSION, d.node("/e").ephemeralOwner());
        assertEquals(Set.of("/e"), d.tree.ephemerals(SESSION));
        d.tree.checkInvariants();
    }

    @Test
    void missingNodesAreNoNodeForEveryKind() {
        Driver d = new Driver();
        assertEquals(new TxnResult.Failed(Code.NO_NODE), d.apply(new TxnBody.SetAcl("/x", Acl.OPEN_ACL_UNSAFE, 1)));
        assertEquals(new TxnResult.Failed(Code.NO_NODE), d.apply(new TxnBody.Check("/x", 0)));
        assertEquals(new TxnResult.Failed(Code.NO_NODE), d.apply(new TxnBody.Delete("/x/y")));
    }

    @Test
    void sessionsWithIdsThatLookLikeMarkersAreRefused() {
        Driver d = new Driver();
        assertEquals(new TxnResult.Failed(Code.BAD_ARGUMENTS), d.apply(0, new TxnBody.CreateSession(5_000)));
        assertEquals(new TxnResult.Failed(Code.BAD_ARGUMENTS), d.apply(Long.MIN_VALUE, new TxnBody.CreateSession(5_000)));
        assertEquals(new TxnResult.Failed(Code.BAD_ARGUMENTS),
                d.apply(0xFF00_0000_0000_0001L, new TxnBody.CreateSession(5_000)));
        assertTrue(d.tree.sessions().isEmpty());
    }

    @Test
    void closingAnUnknownSessionIsHarmless() {
        Driver d = new Driver();
        long digest = d.tree.digest();
        assertEquals(new TxnResult.SessionClosed(SESSION, List.of()), d.apply(SESSION, new TxnBody.CloseSession()));
        assertEquals(digest, d.tree.digest());
    }

    @Test
    void reopeningASessionReplacesItsTimeout() {
        Driver d = new Driver();
        d.apply(SESSION, new TxnBody.CreateSession(5_000));
        d.apply(SESSION, new TxnBody.CreateSession(9_000));
        assertEquals(9_000, d.tree.sessions().get(SESSION));
        d.tree.checkInvariants();
    }

    @Test
    void everyStateChangeMovesTheDigest() {
        Driver d = new Driver();
        d.create("/a", "same");
        long before = d.tree.digest();
        d.setData("/a", "same");
        assertNotEquals(before, d.tree.digest(), "the version and mzxid changed even if the data did not");
        before = d.tree.digest();
        d.apply(new TxnBody.SetAcl("/a", Acl.OPEN_ACL_UNSAFE, 1));
        assertNotEquals(before, d.tree.digest(), "aversion changed");
        before = d.tree.digest();
        d.apply(SESSION, new TxnBody.CreateSession(5_000));
        assertNotEquals(before, d.tree.digest(), "sessions are part of the state");
        assertEquals(d.tree.recomputeDigest(), d.tree.digest());
    }

    @Test
    void approximateDataSizeCountsPathsAndData() {
        Driver d = new Driver();
        long fresh = d.tree.approximateDataSizeBytes();
        d.create("/abc", "12345");
        assertEquals(fresh + 4 + 5, d.tree.approximateDataSizeBytes());
        d.setData("/abc", "1");
        assertEquals(fresh + 4 + 1, d.tree.approximateDataSizeBytes());
        d.delete("/abc");
        assertEquals(fresh, d.tree.approximateDataSizeBytes());
    }

    @Test
    void walkVisitsParentsBeforeChildren() {
        Driver d = new Driver();
        d.create("/a", "");
        d.create("/a/b", "");
        d.create("/a/b/c", "");
        List<String> order = new java.util.ArrayList<>();
        d.tree.walk((path, node) -> order.add(path));
        assertEquals(7, order.size());
        assertTrue(order.indexOf("/a") < order.indexOf("/a/b"));
        assertTrue(order.indexOf("/a/b") < order.indexOf("/a/b/c"));
        assertEquals("/", order.get(0));
    }

    @Test
    void builderRefusesInconsistentInput() {
        byte[] none = new byte[0];
        Stat leaf = Stat.EMPTY;
        Stat twoChildren = new Stat(0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0);
        assertThrows(IllegalArgumentException.class, () -> DataTree.builder().node("x", leaf, none, Acl.OPEN_ACL_UNSAFE));
        assertThrows(IllegalArgumentException.class, () -> DataTree.builder()
                .node("", twoChildren, none, Acl.OPEN_ACL_UNSAFE)
                .node("a", leaf, none, Acl.OPEN_ACL_UNSAFE)
                .node("a", leaf, none, Acl.OPEN_ACL_UNSAFE));
        assertThrows(IllegalArgumentException.class, () -> DataTree.builder()
                .node("", twoChildren, none, Acl.OPEN_ACL_UNSAFE)
                .node("a/b", leaf, none, Acl.OPEN_ACL_UNSAFE));
        Stat ephemeralParent = new Stat(0, 0, 0, 0, 0, 1, 0, SESSION, 0, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> DataTree.builder()
                .node("", new Stat(0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0), none, Acl.OPEN_ACL_UNSAFE)
                .node("e", ephemeralParent, none, Acl.OPEN_ACL_UNSAFE));
        assertThrows(IllegalArgumentException.class, () -> DataTree.builder()
                .node("", new Stat(0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0), none, Acl.OPEN_ACL_UNSAFE));
        assertThrows(IllegalStateException.class, () -> DataTree.builder()
                .node("", twoChildren, none, Acl.OPEN_ACL_UNSAFE)
                .node("a", leaf, none, Acl.OPEN_ACL_UNSAFE).build());
    }

    @Test
    void dataIsCopiedOut() {
        Driver d = new Driver();
        TxnBody.Create create = new TxnBody.Create("/a", new byte[] {1, 2, 3}, Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT);
        d.apply(create);
        d.node("/a").data()[1] = 9;
        create.data()[2] = 9;
        assertEquals(List.of(1, 2, 3), toList(d.node("/a").data()));
    }

    @Test
    void nullDataStaysNullAndApartFromEmpty() {
        Driver d = new Driver();
        d.apply(new TxnBody.Create("/n", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        d.apply(new TxnBody.Create("/e", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertNull(d.node("/n").data());
        assertNull(d.node("/n").sharedData());
        assertArrayEquals(new byte[0], d.node("/e").data());
        assertEquals(0, d.node("/n").stat().dataLength());
        assertEquals(0, d.node("/n").dataLength());
        assertEquals(0, d.node("/e").stat().dataLength());

        d.apply(new TxnBody.SetData("/e", null, 1));
        d.apply(new TxnBody.SetData("/n", new byte[0], 1));
        assertNull(d.node("/e").data(), "setData null on empty");
        assertArrayEquals(new byte[0], d.node("/n").data(), "setData empty on null");
        d.tree.checkInvariants();
    }

    @Test
    void theDigestTellsNullFromEmpty() {
        Driver withNull = new Driver();
        Driver withEmpty = new Driver();
        withNull.apply(new TxnBody.Create("/a", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        withEmpty.apply(new TxnBody.Create("/a", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertEquals(withNull.node("/a").stat(), withEmpty.node("/a").stat(), "same Stat, different data");
        assertNotEquals(withNull.tree.digest(), withEmpty.tree.digest());
        assertEquals(withNull.tree.approximateDataSizeBytes(), withEmpty.tree.approximateDataSizeBytes());

        withNull.apply(new TxnBody.SetData("/a", new byte[0], 1));
        withEmpty.apply(new TxnBody.SetData("/a", new byte[0], 1));
        assertEquals(withEmpty.tree.digest(), withNull.tree.digest(), "the digest updates from null back to empty");
    }

    @Test
    void sharedDataIsTheStoredArrayAndDataACopy() {
        Driver d = new Driver();
        d.create("/a", "abc");
        DataNode node = d.node("/a");
        assertSame(node.sharedData(), node.sharedData(), "no copy per call");
        assertNotSame(node.sharedData(), node.data());
        assertArrayEquals(node.data(), node.sharedData());
    }

    private static List<Integer> toList(byte[] bytes) {
        List<Integer> list = new java.util.ArrayList<>();
        for (byte b : bytes) {
            list.add((int) b);
        }
        return list;
    }
}
