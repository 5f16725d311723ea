package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EphemeralType;
import io.warden.api.data.EventType;
import io.warden.api.data.Stat;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataTreeTest {

    @Test
    void freshTreeHasZooKeepersSystemNodes() {
        DataTree tree = DataTree.fresh();
        assertEquals(4, tree.nodeCount());
        assertEquals(0, tree.lastProcessedZxid());
        assertEquals(new Stat(0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0), tree.node("/").orElseThrow().stat());
        assertEquals(new Stat(0, 0, 0, 0, 0, -2, 0, 0, 0, 2, 0), tree.node("/zookeeper").orElseThrow().stat());
        assertEquals(Stat.EMPTY, tree.node("/zookeeper/quota").orElseThrow().stat());
        assertEquals(new Stat(0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0), tree.node("/zookeeper/config").orElseThrow().stat());
        assertEquals(Acl.READ_ACL_UNSAFE, tree.node("/zookeeper/config").orElseThrow().acl());
        assertEquals(Set.of("quota", "config"), Set.copyOf(tree.node("/zookeeper").orElseThrow().children()));
        tree.checkInvariants();
    }

    @Test
    void createStampsTheNewLeafAndTheParent() {
        Driver d = new Driver();
        TxnResult result = d.create("/a", "x");
        Stat stat = new Stat(d.zxid, d.zxid, d.timeMs, d.timeMs, 0, 0, 0, 0, 1, 0, d.zxid);
        assertEquals(new TxnResult.Created("/a", stat), result);
        assertEquals(stat, d.node("/a").stat());
        Stat root = d.node("/").stat();
        assertEquals(0, root.cversion(), "stored 1 create, 2 children: 2*1-2");
        assertEquals(d.zxid, root.pzxid());
        assertEquals(2, root.numChildren());
        assertEquals(0, root.mzxid(), "the parent's data is untouched");
        assertEquals(List.of(new WatchTrigger("/a", EventType.NODE_CREATED, Acl.OPEN_ACL_UNSAFE),
                new WatchTrigger("/", EventType.NODE_CHILDREN_CHANGED, Acl.OPEN_ACL_UNSAFE)), d.triggers());
        d.tree.checkInvariants();
    }

    @Test
    void triggersCarryTheAclOfTheNodeTheyAreAboutTheParentsForChildrenChanged() {
        Driver d = new Driver();
        List<Acl> parentAcl = List.of(new Acl(io.warden.api.data.Perms.ALL, new io.warden.api.data.Id("digest", "p:x")));
        List<Acl> childAcl = List.of(new Acl(io.warden.api.data.Perms.READ, new io.warden.api.data.Id("digest", "c:y")));
        d.apply(new TxnBody.Create("/p", new byte[0], parentAcl, CreateMode.PERSISTENT));
        d.apply(new TxnBody.Create("/p/c", new byte[0], childAcl, CreateMode.PERSISTENT));
        assertEquals(List.of(new WatchTrigger("/p/c", EventType.NODE_CREATED, childAcl),
                new WatchTrigger("/p", EventType.NODE_CHILDREN_CHANGED, parentAcl)), d.triggers());
        d.setData("/p/c", "x");
        assertEquals(List.of(new WatchTrigger("/p/c", EventType.NODE_DATA_CHANGED, childAcl)), d.triggers());
        d.delete("/p/c");
        assertEquals(List.of(new WatchTrigger("/p/c", EventType.NODE_DELETED, childAcl),
                new WatchTrigger("/p", EventType.NODE_CHILDREN_CHANGED, parentAcl)), d.triggers(),
                "a deleted node's event carries the ACL it had");
    }

    @Test
    void cversionCountsCreatesAndDeletesAndSequenceUsesStoredCversion() {
        Driver d = new Driver();
        d.create("/a", "");
        d.create("/a/b", "");
        assertEquals(1, d.node("/a").cversion());
        d.delete("/a/b");
        long deleteZxid = d.zxid;
        DataNode a = d.node("/a");
        assertEquals(2, a.cversion());
        assertEquals(1, a.storedCversion());
        assertEquals(deleteZxid, a.pzxid());
        assertEquals(List.of(new WatchTrigger("/a/b", EventType.NODE_DELETED, Acl.OPEN_ACL_UNSAFE),
                new WatchTrigger("/a", EventType.NODE_CHILDREN_CHANGED, Acl.OPEN_ACL_UNSAFE)), d.triggers());
        // ZooKeeper names the next sequential child after the stored cversion (1 here).
        String seq = "/a/s" + io.warden.api.data.Paths.sequenceSuffix(a.storedCversion());
        assertEquals("/a/s0000000001", seq);
        d.apply(new TxnBody.Create(seq, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL, 0,
                a.storedCversion() + 1));
        assertEquals(3, d.node("/a").cversion());
        d.tree.checkInvariants();
    }

    @Test
    void wrongParentCVersionIsRefusedAndChangesNothing() {
        Driver d = new Driver();
        DataTree before = d.tree;
        TxnResult result = d.apply(new TxnBody.Create("/a", new byte[0], Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT, 0, 5));
        assertEquals(new TxnResult.Failed(Code.RUNTIME_INCONSISTENCY), result);
        assertEquals(before.digest(), d.tree.digest());
        assertFalse(d.tree.exists("/a"));
        assertEquals(d.zxid, d.tree.lastProcessedZxid(), "the zxid is consumed all the same");
        assertTrue(d.triggers().isEmpty());
    }

    @Test
    void setDataOnTheRootWorks() {
        Driver d = new Driver();
        TxnResult result = d.setData("/", "r");
        Stat root = d.node("/").stat();
        assertEquals(new TxnResult.DataSet("/", root), result);
        assertEquals(new Stat(0, d.zxid, 0, d.timeMs, 1, -1, 0, 0, 1, 1, 0), root);
        assertArrayEquals("r".getBytes(), d.node("/").data());
        assertEquals(List.of(new WatchTrigger("/", EventType.NODE_DATA_CHANGED, Acl.OPEN_ACL_UNSAFE)), d.triggers());
        d.tree.checkInvariants();
    }

    @Test
    void setDataNeedsTheNextVersion() {
        Driver d = new Driver();
        d.create("/a", "");
        assertEquals(new TxnResult.Failed(Code.BAD_VERSION), d.apply(new TxnBody.SetData("/a", new byte[1], 5)));
        assertEquals(new TxnResult.Failed(Code.NO_NODE), d.apply(new TxnBody.SetData("/b", new byte[1], 1)));
        d.setData("/a", "1");
        d.setData("/a", "22");
        DataNode a = d.node("/a");
        assertEquals(2, a.version());
        assertEquals(d.zxid, a.mzxid());
        assertEquals(d.timeMs, a.mtime());
        assertEquals(2, a.dataLength());
        assertTrue(a.ctime() < a.mtime());
    }

    @Test
    void setAclBumpsAversionInternsAndFiresNothing() {
        Driver d = new Driver();
        d.create("/a", "");
        d.create("/b", "");
        TxnResult result = d.apply(new TxnBody.SetAcl("/a", Acl.READ_ACL_UNSAFE, 1));
        assertInstanceOf(TxnResult.AclSet.class, result);
        assertEquals(1, d.node("/a").aversion());
        assertTrue(d.triggers().isEmpty());
        assertSame(d.node("/zookeeper/config").acl(), d.node("/a").acl(), "equal ACLs share one instance");
        assertSame(d.node("/").acl(), d.node("/b").acl());
        assertEquals(new TxnResult.Failed(Code.BAD_VERSION), d.apply(new TxnBody.SetAcl("/a", Acl.OPEN_ACL_UNSAFE, 1)));
        d.tree.checkInvariants();
    }

    @Test
    void deleteRules() {
        Driver d = new Driver();
        d.create("/a", "");
        d.create("/a/b", "");
        assertEquals(new TxnResult.Failed(Code.NOT_EMPTY), d.delete("/a"));
        assertEquals(new TxnResult.Failed(Code.NO_NODE), d.delete("/x"));
        assertEquals(new TxnResult.Deleted("/a/b"), d.delete("/a/b"));
        assertEquals(new TxnResult.Deleted("/a"), d.delete("/a"));
        assertEquals(DataTree.fresh().nodeCount(), d.tree.nodeCount());
        d.tree.checkInvariants();
    }

    @Test
    void createRules() {
        Driver d = new Driver();
        d.create("/a", "");
        assertEquals(new TxnResult.Failed(Code.NODE_EXISTS), d.create("/a", ""));
        assertEquals(new TxnResult.Failed(Code.NO_NODE), d.create("/x/y", ""));
    }

    @Test
    void ephemeralsBelongToOpenSessionsAndCannotHaveChildren() {
        Driver d = new Driver();
        long session = 0x0100_0000_0000_0001L;
        assertEquals(new TxnResult.Failed(Code.SESSION_EXPIRED),
                d.apply(session, Driver.create("/e", "", CreateMode.EPHEMERAL)));
        d.apply(session, new TxnBody.CreateSession(30_000));
        assertEquals(30_000, d.tree.sessions().get(session));
        d.apply(session, Driver.create("/e", "", CreateMode.EPHEMERAL));
        assertEquals(session, d.node("/e").ephemeralOwner());
        assertEquals(session, d.node("/e").stat().ephemeralOwner());
        assertEquals(new TxnResult.Failed(Code.NO_CHILDREN_FOR_EPHEMERALS), d.create("/e/x", ""));
        assertEquals(Set.of("/e"), d.tree.ephemerals(session));
        assertEquals(1, d.tree.ephemeralCount());
        d.tree.checkInvariants();
    }

    @Test
    void closeSessionDeletesItsEphemeralsAndFiresTheirTriggers() {
        Driver d = new Driver();
        long s1 = 0x0100_0000_0000_0001L;
        long s2 = 0x0100_0000_0000_0002L;
        d.apply(s1, new TxnBody.CreateSession(10_000));
        d.apply(s2, new TxnBody.CreateSession(10_000));
        d.create("/p", "");
        d.apply(s1, Driver.create("/p/e1", "", CreateMode.EPHEMERAL));
        d.apply(s1, Driver.create("/e2", "", CreateMode.EPHEMERAL_SEQUENTIAL));
        d.apply(s2, Driver.create("/p/other", "", CreateMode.EPHEMERAL));
        long digestWithS1 = d.tree.digest();
        TxnResult result = d.apply(s1, new TxnBody.CloseSession());
        assertEquals(new TxnResult.SessionClosed(s1, List.of("/e2", "/p/e1")), result);
        assertEquals(List.of(new WatchTrigger("/e2", EventType.NODE_DELETED, Acl.OPEN_ACL_UNSAFE),
                new WatchTrigger("/", EventType.NODE_CHILDREN_CHANGED, Acl.OPEN_ACL_UNSAFE),
                new WatchTrigger("/p/e1", EventType.NODE_DELETED, Acl.OPEN_ACL_UNSAFE),
                new WatchTrigger("/p", EventType.NODE_CHILDREN_CHANGED, Acl.OPEN_ACL_UNSAFE)), d.triggers());
        assertFalse(d.tree.exists("/p/e1"));
        assertTrue(d.tree.exists("/p/other"));
        assertEquals(Set.of(), d.tree.ephemerals(s1));
        assertFalse(d.tree.sessions().containsKey(s1));
        assertTrue(d.tree.sessions().containsKey(s2));
        assertNotEquals(digestWithS1, d.tree.digest());
        d.tree.checkInvariants();
    }

    @Test
    void containersAndTtlNodesStoreTheirMarkerButReportZero() {
        Driver d = new Driver();
        d.apply(Driver.create("/c", "", CreateMode.CONTAINER));
        d.apply(new TxnBody.Create("/t", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 5_000, -1));
        assertEquals(EphemeralType.CONTAINER_OWNER, d.node("/c").storedEphemeralOwner());
        assertEquals(0, d.node("/c").stat().ephemeralOwner());
        assertEquals(EphemeralType.ttlToOwner(5_000), d.node("/t").storedEphemeralOwner());
        assertEquals(0, d.node("/t").stat().ephemeralOwner());
        assertEquals(Set.of("/c"), d.tree.containers());
        assertEquals(Set.of("/t"), d.tree.ttls());
        d.create("/c/child", "");
        d.tree.checkInvariants();
    }

    @Test
    void deletionCandidatesFollowZooKeepersRules() {
        Driver d = new Driver();
        d.apply(Driver.create("/never", "", CreateMode.CONTAINER));
        d.apply(Driver.create("/used", "", CreateMode.CONTAINER));
        d.create("/used/x", "");
        d.apply(Driver.create("/full", "", CreateMode.CONTAINER));
        d.create("/full/x", "");
        d.apply(new TxnBody.Create("/t", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 1_000, -1));
        long ttlMtime = d.node("/t").mtime();
        d.delete("/used/x");
        assertEquals(List.of("/used"), d.tree.deletionCandidates(ttlMtime + 1_000));
        assertEquals(List.of("/t", "/used"), d.tree.deletionCandidates(ttlMtime + 1_001));
        d.create("/t/kid", "");
        assertEquals(List.of("/used"), d.tree.deletionCandidates(ttlMtime + 5_000));
    }

    @Test
    void multiAppliesEverythingInOrder() {
        Driver d = new Driver();
        d.create("/a", "");
        TxnResult result = d.apply(new TxnBody.Multi(List.of(
                Driver.create("/a/b", "1", CreateMode.PERSISTENT),
                new TxnBody.Check("/a", 0),
                new TxnBody.SetData("/a/b", "2".getBytes(), 1),
                new TxnBody.Delete("/a/b"),
                Driver.create("/c", "", CreateMode.PERSISTENT))));
        TxnResult.MultiResult multi = assertInstanceOf(TxnResult.MultiResult.class, result);
        assertEquals(5, multi.results().size());
        assertFalse(multi.failed());
        assertFalse(d.tree.exists("/a/b"));
        assertTrue(d.tree.exists("/c"));
        assertEquals(2, d.node("/a").cversion());
        assertEquals(List.of(EventType.NODE_CREATED, EventType.NODE_CHILDREN_CHANGED, EventType.NODE_DATA_CHANGED,
                EventType.NODE_DELETED, EventType.NODE_CHILDREN_CHANGED, EventType.NODE_CREATED,
                EventType.NODE_CHILDREN_CHANGED), d.triggers().stream().map(WatchTrigger::type).toList());
        d.tree.checkInvariants();
    }

    @Test
    void multiIsAllOrNothing() {
        Driver d = new Driver();
        d.create("/a", "");
        DataTree before = d.tree;
        TxnResult result = d.apply(new TxnBody.Multi(List.of(
                Driver.create("/a/b", "1", CreateMode.PERSISTENT),
                new TxnBody.Delete("/nope"),
                new TxnBody.SetData("/a", new byte[0], 1))));
        assertEquals(new TxnResult.MultiResult(List.of(new TxnResult.Failed(Code.OK),
                new TxnResult.Failed(Code.NO_NODE), new TxnResult.Failed(Code.RUNTIME_INCONSISTENCY))), result);
        assertFalse(d.tree.exists("/a/b"));
        assertEquals(before.digest(), d.tree.digest());
        assertSame(before.root(), d.tree.root());
        assertTrue(d.triggers().isEmpty());
        assertEquals(d.zxid, d.tree.lastProcessedZxid());
    }

    @Test
    void preparedFailedMultiReportsZooKeepersCodes() {
        Driver d = new Driver();
        TxnResult result = d.apply(new TxnBody.Multi(List.of(new TxnBody.Failed(Code.OK),
                new TxnBody.Failed(Code.BAD_VERSION), new TxnBody.Failed(Code.RUNTIME_INCONSISTENCY))));
        assertEquals(new TxnResult.MultiResult(List.of(new TxnResult.Failed(Code.OK),
                new TxnResult.Failed(Code.BAD_VERSION), new TxnResult.Failed(Code.RUNTIME_INCONSISTENCY))), result);
    }

    @Test
    void errorTxnOnlyAdvancesTheZxid() {
        Driver d = new Driver();
        DataTree before = d.tree;
        assertEquals(new TxnResult.Failed(Code.NO_AUTH), d.apply(new TxnBody.Failed(Code.NO_AUTH)));
        assertSame(before.root(), d.tree.root());
        assertEquals(1, d.tree.lastProcessedZxid());
    }

    @Test
    void zxidsMustIncrease() {
        Driver d = new Driver();
        d.create("/a", "");
        Txn stale = new Txn(1, 1, d.zxid, d.timeMs, new TxnBody.Delete("/a"));
        assertThrows(IllegalStateException.class, () -> d.tree.apply(stale));
    }

    @Test
    void oldTreesAreUntouchedByLaterApplies() {
        Driver d = new Driver();
        d.create("/a", "1");
        DataTree snapshot = d.tree;
        d.setData("/a", "2");
        d.create("/a/b", "");
        assertArrayEquals("1".getBytes(), snapshot.node("/a").orElseThrow().data());
        assertFalse(snapshot.exists("/a/b"));
        snapshot.checkInvariants();
        d.tree.checkInvariants();
    }

    @Test
    void malformedPathsAreAbsent() {
        DataTree tree = DataTree.fresh();
        for (String path : new String[] {"", "zookeeper", "/zookeeper/", "//zookeeper", "/zookeeper//quota"}) {
            assertFalse(tree.exists(path), path);
        }
        assertTrue(tree.exists("/zookeeper/quota"));
    }

    @Test
    void manyChildrenAndNonAsciiNames() {
        Driver d = new Driver();
        d.create("/p", "");
        for (int i = 0; i < 2_000; i++) {
            d.create("/p/n" + i, "");
        }
        d.create("/p/\u00e9t\u00e9-\u4e2d", "x");
        assertEquals(2_001, d.node("/p").numChildren());
        assertTrue(d.tree.exists("/p/\u00e9t\u00e9-\u4e2d"));
        for (int i = 0; i < 2_000; i += 2) {
            d.delete("/p/n" + i);
        }
        assertEquals(1_001, d.node("/p").numChildren());
        assertTrue(d.tree.exists("/p/n1999"));
        assertFalse(d.tree.exists("/p/n1998"));
        d.tree.checkInvariants();
    }
}
