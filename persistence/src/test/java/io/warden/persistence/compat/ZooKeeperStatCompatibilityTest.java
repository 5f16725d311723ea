package io.warden.persistence.compat;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;
import io.warden.api.data.Paths;
import io.warden.api.data.Stat;
import io.warden.persistence.tree.DataNode;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.tree.TxnResult;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The judge of Stat bookkeeping: a real in-process ZooKeeper 3.9.5 runs a scenario through its
 * client, the same changes are applied to a DataTree as txns carrying ZooKeeper's own zxids and
 * times, and every node's Stat, data and ACL must then be identical.
 */
class ZooKeeperStatCompatibilityTest {
    @TempDir
    File dataDir;
    private ZooKeeperServer server;
    private ServerCnxnFactory factory;
    private ZooKeeper zk;
    private String previousExtendedTypes;
    private DataTree tree;

    @BeforeEach
    void startZooKeeper() throws Exception {
        previousExtendedTypes = System.setProperty("zookeeper.extendedTypesEnabled", "true");
        server = new ZooKeeperServer(dataDir, dataDir, 2000);
        factory = ServerCnxnFactory.createFactory(0, 10);
        factory.startup(server);
        tree = DataTree.fresh();
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        if (zk != null) {
            zk.close();
        }
        factory.shutdown();
        server.shutdown();
        if (previousExtendedTypes == null) {
            System.clearProperty("zookeeper.extendedTypesEnabled");
        } else {
            System.setProperty("zookeeper.extendedTypesEnabled", previousExtendedTypes);
        }
    }

    @Test
    void freshTreeMatchesAFreshZooKeeper() throws Exception {
        assertSameAsZooKeeper(List.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config"));
    }

    @Test
    void statBookkeepingMatchesZooKeeper() throws Exception {
        connect();
        long session = zk.getSessionId();
        apply(session, new TxnBody.CreateSession(30_000));

        org.apache.zookeeper.data.Stat s = new org.apache.zookeeper.data.Stat();
        zk.create("/a", "x".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT, s);
        apply(session, s.getCtime(), new TxnBody.Create("/a", "x".getBytes(), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        zk.create("/a/b", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT, s);
        apply(session, s.getCtime(), new TxnBody.Create("/a/b", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        zk.delete("/a/b", -1);
        apply(session, new TxnBody.Delete("/a/b"));

        DataNode a = tree.node("/a").orElseThrow();
        String expectedSequential = "/a/s" + Paths.sequenceSuffix(a.storedCversion());
        String sequential = zk.create("/a/s", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL, s);
        assertEquals(sequential, expectedSequential, "ZooKeeper's sequence number is the stored cversion");
        apply(session, s.getCtime(), new TxnBody.Create(sequential, new byte[0], Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL, 0, a.storedCversion() + 1));

        s = zk.setData("/", "r".getBytes(), -1);
        apply(session, s.getMtime(), new TxnBody.SetData("/", "r".getBytes(), 1));
        s = zk.setData("/a", "yy".getBytes(), 0);
        apply(session, s.getMtime(), new TxnBody.SetData("/a", "yy".getBytes(), 1));
        zk.setACL("/a", ZooDefs.Ids.READ_ACL_UNSAFE, -1);
        apply(session, new TxnBody.SetAcl("/a", Acl.READ_ACL_UNSAFE, 1));
        // ZooKeeper's client calls contains(null) on the list, which List.of refuses.
        List<ACL> digestAcl = new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL,
                new org.apache.zookeeper.data.Id("digest", "u:hash"))));
        zk.create("/d", new byte[3], digestAcl, org.apache.zookeeper.CreateMode.PERSISTENT, s);
        apply(session, s.getCtime(), new TxnBody.Create("/d", new byte[3],
                List.of(new Acl(31, new Id("digest", "u:hash"))), CreateMode.PERSISTENT));

        zk.create("/n", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT, s);
        apply(session, s.getCtime(), new TxnBody.Create("/n", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        zk.create("/v", "v".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT, s);
        apply(session, s.getCtime(), new TxnBody.Create("/v", "v".getBytes(), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        s = zk.setData("/v", null, 0);
        apply(session, s.getMtime(), new TxnBody.SetData("/v", null, 1));
        s = zk.setData("/n", new byte[0], 0);
        apply(session, s.getMtime(), new TxnBody.SetData("/n", new byte[0], 1));
        zk.create("/n/null", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT, s);
        apply(session, s.getCtime(), new TxnBody.Create("/n/null", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));

        zk.create("/c", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.CONTAINER, s);
        apply(session, s.getCtime(), new TxnBody.Create("/c", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.CONTAINER));
        zk.create("/c/k", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT, s);
        apply(session, s.getCtime(), new TxnBody.Create("/c/k", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        zk.create("/t", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT_WITH_TTL, s, 5000);
        apply(session, s.getCtime(), new TxnBody.Create("/t", new byte[0], Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_WITH_TTL, 5000, -1));
        zk.create("/e", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.EPHEMERAL, s);
        apply(session, s.getCtime(), new TxnBody.Create("/e", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL));
        zk.create("/c/e", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.EPHEMERAL, s);
        apply(session, s.getCtime(), new TxnBody.Create("/c/e", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL));

        List<OpResult> results = zk.multi(List.of(
                Op.create("/m", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT),
                Op.setData("/m", "1".getBytes(), 0),
                Op.check("/a", 1)));
        long multiTime = zk.exists("/m", false).getMtime();
        apply(session, multiTime, new TxnBody.Multi(List.of(
                new TxnBody.Create("/m", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                new TxnBody.SetData("/m", "1".getBytes(), 1),
                new TxnBody.Check("/a", 1))));
        assertEquals(3, results.size());

        List<Integer> failedCodes = new ArrayList<>();
        try {
            zk.multi(List.of(Op.delete("/m", -1), Op.delete("/nope", -1), Op.setData("/a", new byte[0], -1)));
        } catch (KeeperException e) {
            e.getResults().forEach(r -> failedCodes.add(((OpResult.ErrorResult) r).getErr()));
        }
        TxnResult failed = apply(session, new TxnBody.Multi(List.of(new TxnBody.Delete("/m"), new TxnBody.Delete("/nope"),
                new TxnBody.SetData("/a", new byte[0], 2))));
        assertEquals(failedCodes, ((TxnResult.MultiResult) failed).results().stream()
                .map(r -> ((TxnResult.Failed) r).code().intValue()).toList());
        assertEquals(List.of(Code.OK.intValue(), Code.NO_NODE.intValue(), Code.RUNTIME_INCONSISTENCY.intValue()), failedCodes);

        assertSameAsZooKeeper(allZooKeeperPaths());

        zk.close();
        zk = null;
        apply(session, new TxnBody.CloseSession());
        assertTrue(tree.ephemerals(session).isEmpty());
        assertSameAsZooKeeper(allZooKeeperPaths());
    }

    private void connect() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        zk = new ZooKeeper("127.0.0.1:" + factory.getLocalPort(), 30_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        assertTrue(connected.await(30, TimeUnit.SECONDS), "could not connect to the in-process ZooKeeper");
    }

    private TxnResult apply(long session, TxnBody body) {
        return apply(session, 0, body);
    }

    /** Applies the body under the zxid ZooKeeper just used, at ZooKeeper's time. */
    private TxnResult apply(long session, long timeMs, TxnBody body) {
        long zxid = server.getZKDatabase().getDataTree().lastProcessedZxid;
        var result = tree.apply(new Txn(session, 0, zxid, timeMs, body));
        tree = result.tree();
        return result.result();
    }

    private List<String> allZooKeeperPaths() {
        List<String> paths = new ArrayList<>();
        collect(server.getZKDatabase().getDataTree(), "/", paths);
        return paths;
    }

    private static void collect(org.apache.zookeeper.server.DataTree zkTree, String path, List<String> into) {
        into.add(path);
        for (String child : zkTree.getNode(path).getChildren()) {
            collect(zkTree, Paths.child(path, child), into);
        }
    }

    private void assertSameAsZooKeeper(List<String> paths) throws Exception {
        org.apache.zookeeper.server.DataTree zkTree = server.getZKDatabase().getDataTree();
        if (paths.size() > 4) {
            assertEquals(paths.size(), tree.nodeCount(), "node count");
        }
        for (String path : paths) {
            org.apache.zookeeper.data.Stat zs = new org.apache.zookeeper.data.Stat();
            byte[] data = zkTree.getData(path, zs, null);
            DataNode node = tree.node(path).orElseThrow(() -> new AssertionError("missing " + path));
            Stat expected = new Stat(zs.getCzxid(), zs.getMzxid(), zs.getCtime(), zs.getMtime(), zs.getVersion(),
                    zs.getCversion(), zs.getAversion(), zs.getEphemeralOwner(), zs.getDataLength(),
                    zs.getNumChildren(), zs.getPzxid());
            assertEquals(expected, node.stat(), path);
            // Strict: ZooKeeper keeps null data as null, apart from empty, and so must Warden.
            assertArrayEquals(data, node.data(), path);
            List<Acl> acl = zkTree.getACL(path, null).stream()
                    .map(e -> new Acl(e.getPerms(), new Id(e.getId().getScheme(), e.getId().getId()))).toList();
            assertEquals(acl, node.acl(), path);
        }
    }
}
