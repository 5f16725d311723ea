package io.warden.persistence.prep;

import static io.warden.persistence.prep.PrepFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import io.warden.api.data.Stat;
import io.warden.persistence.tree.TxnResult;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same requests sent to a real, fresh, in-process ZooKeeper 3.9.5 and to
 * {@link RequestPreparer} + DataTree: the same codes (multi per-op codes included), the same
 * created paths, and the same Stat for every node (times aside). Zxids are compared as they are:
 * both sides consume one per write, failures included, starting from the session's create.
 */
class PreparerAgainstZooKeeperTest {
    @TempDir
    static File dataDir;
    private static ZooKeeperServer server;
    private static ServerCnxnFactory factory;
    private static ZooKeeper zk;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = new ZooKeeperServer(dataDir, dataDir, 2_000);
        factory = ServerCnxnFactory.createFactory(0, 10);
        factory.startup(server);
        zk = connect();
    }

    private static ZooKeeper connect() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper client = new ZooKeeper("127.0.0.1:" + factory.getLocalPort(), 30_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("reference ZooKeeper did not accept the connection");
        }
        return client;
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        if (zk != null) {
            zk.close();
        }
        if (factory != null) {
            factory.shutdown();
        }
        if (server != null) {
            server.shutdown();
        }
    }

    private static WriteOp.Create create(String path, CreateMode mode) {
        return new WriteOp.Create(path, bytes("v"), Acl.OPEN_ACL_UNSAFE, mode);
    }

    private static WriteOp.Create create(String path, List<Acl> acl) {
        return new WriteOp.Create(path, bytes(""), acl, CreateMode.PERSISTENT);
    }

    @Test
    void requestsGetTheSameCodesPathsAndStatsAsOnZooKeeper() throws Exception {
        List<WriteOp> requests = List.of(
                create("/r", CreateMode.PERSISTENT),
                create("/r/s-", CreateMode.PERSISTENT_SEQUENTIAL),
                new WriteOp.Delete("/r/s-0000000000", -1),
                create("/r/s-", CreateMode.PERSISTENT_SEQUENTIAL),
                create("/r/", CreateMode.PERSISTENT_SEQUENTIAL),
                create("/r/e", CreateMode.EPHEMERAL),
                create("/r/e/x", CreateMode.PERSISTENT),
                create("/r/e", CreateMode.PERSISTENT),
                new WriteOp.SetData("/r", bytes("one"), 0),
                new WriteOp.SetData("/r", bytes("two"), 0),
                new WriteOp.Multi(List.of(create("/r/m", CreateMode.PERSISTENT), new WriteOp.Delete("/r/nonexistent", -1),
                        new WriteOp.SetData("/r/m", bytes(""), -1), new WriteOp.Check("/r", 5))),
                new WriteOp.Multi(List.of(create("/r/m", CreateMode.PERSISTENT), create("/r/m/q-", CreateMode.PERSISTENT_SEQUENTIAL),
                        create("/r/m/q-", CreateMode.PERSISTENT_SEQUENTIAL), new WriteOp.SetData("/r/m", bytes("m"), 0),
                        new WriteOp.Check("/r/m", 1), new WriteOp.Delete("/r/m/q-0000000000", -1))),
                new WriteOp.Multi(List.of(create("/r/n", CreateMode.PERSISTENT), create("/r/e/y", CreateMode.PERSISTENT))),
                create("/r/c", CreateMode.CONTAINER),
                create("/r/c/x", CreateMode.PERSISTENT),
                new WriteOp.Delete("/r/c/x", -1),
                new WriteOp.Delete("/zookeeper", -1),
                new WriteOp.Delete("/zookeeper/config", -1),
                new WriteOp.Delete("/zookeeper/quota", -1),
                new WriteOp.Delete("/", -1),
                create("/zookeeper/mine", CreateMode.PERSISTENT),
                new WriteOp.SetData("/zookeeper/config", bytes("x"), -1),
                new WriteOp.Create("/r/t", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 1_000),
                create("/", CreateMode.PERSISTENT),
                create("/r/ro", Acl.READ_ACL_UNSAFE),
                new WriteOp.SetData("/r/ro", bytes("x"), -1),
                create("/r/ro/x", CreateMode.PERSISTENT),
                new WriteOp.SetAcl("/r/ro", Acl.OPEN_ACL_UNSAFE, -1),
                create("/r/auth", Acl.CREATOR_ALL_ACL),
                create("/r/world", List.of(new Acl(Perms.ALL, new Id("world", "foo")))),
                create("/r/digest", List.of(new Acl(Perms.ALL, new Id("digest", "bob")))),
                create("/r/ip", List.of(new Acl(Perms.ALL, new Id("ip", "10.0.0.0/8")))),
                new WriteOp.SetData("/r/ip", bytes("x"), -1),
                create("/r/local", List.of(new Acl(Perms.ALL, new Id("ip", "127.0.0.0/8")))),
                new WriteOp.SetData("/r/local", bytes("x"), -1),
                new WriteOp.SetAcl("/r/local", Acl.READ_ACL_UNSAFE, 0),
                new WriteOp.SetAcl("/r/local", Acl.READ_ACL_UNSAFE, 0),
                new WriteOp.Delete("/r", 5),
                new WriteOp.Delete("/r", -1));

        PrepFixture ours = new PrepFixture(PrepSettings.DEFAULT);
        SessionAuth auth = SessionAuth.connectedFrom("127.0.0.1");
        ours.accept(new WriteOp.CreateSession(zk.getSessionTimeout()), zk.getSessionId(), auth);
        var committed = ours.initial.apply(ours.prepared.get(0)).tree();
        for (WriteOp request : requests) {
            committed = both(ours, committed, zk, request);
        }

        // A second session leaves ephemerals behind and closes (zxids stay in step: ZooKeeper
        // logs the session's create when the client connects, and its close on close()).
        ZooKeeper other = connect();
        ours.accept(new WriteOp.CreateSession(other.getSessionTimeout()), other.getSessionId(), auth);
        committed = committed.apply(ours.prepared.get(ours.prepared.size() - 1)).tree();
        committed = both(ours, committed, other, create("/r/o-", CreateMode.EPHEMERAL_SEQUENTIAL));
        committed = both(ours, committed, other, create("/r/o-", CreateMode.EPHEMERAL_SEQUENTIAL));
        committed = both(ours, committed, other, create("/r/m/o", CreateMode.EPHEMERAL));
        committed = both(ours, committed, other, create("/r/keep", CreateMode.PERSISTENT));
        other.close();
        Prepared close = ours.run(new WriteOp.CloseSession(), other.getSessionId(), auth);
        committed = committed.apply(close.txn()).tree();

        Map<String, Stat> zkStats = new TreeMap<>();
        collectZooKeeperStats("/", zkStats);
        Map<String, Stat> ourStats = new TreeMap<>();
        committed.walk((path, node) -> ourStats.put(path, withoutTimes(node.stat())));
        assertEquals(zkStats, ourStats);
        for (String path : ourStats.keySet()) {
            assertEquals(zkAcl(path), committed.node(path).orElseThrow().acl(), "ACL of " + path);
        }
    }

    /** Sends the request to ZooKeeper and through our preparer and tree; both must answer alike. */
    private static io.warden.persistence.tree.DataTree both(PrepFixture ours, io.warden.persistence.tree.DataTree committed,
                                                            ZooKeeper client, WriteOp request) throws InterruptedException {
        Prepared prepared = ours.run(request, client.getSessionId(), SessionAuth.connectedFrom("127.0.0.1"));
        var applied = committed.apply(prepared.txn());
        assertEquals(onZooKeeper(client, request), outcome(applied.result()), request.toString());
        // Handed back as the server does: the next request is prepared on the committed tree.
        ours.preparer.committed(applied.tree());
        return applied.tree();
    }

    // ---- running a request on the real server

    private static String onZooKeeper(ZooKeeper zk, WriteOp request) throws InterruptedException {
        try {
            if (request instanceof WriteOp.Multi multi) {
                List<Op> ops = new ArrayList<>();
                multi.ops().forEach(op -> ops.add(toOp(op)));
                List<String> results = new ArrayList<>();
                for (OpResult r : zk.multi(ops)) {
                    results.add(r instanceof OpResult.CreateResult c ? c.getPath() : "OK");
                }
                return String.join(", ", results);
            } else if (request instanceof WriteOp.Create c) {
                org.apache.zookeeper.CreateMode mode = zkMode(c.mode());
                return c.ttlMs() < 0 ? zk.create(c.path(), c.data(), zkAcl(c.acl()), mode)
                        : zk.create(c.path(), c.data(), zkAcl(c.acl()), mode, null, c.ttlMs());
            } else if (request instanceof WriteOp.Delete d) {
                zk.delete(d.path(), d.version());
            } else if (request instanceof WriteOp.SetData s) {
                zk.setData(s.path(), s.data(), s.version());
            } else if (request instanceof WriteOp.SetAcl s) {
                zk.setACL(s.path(), zkAcl(s.acl()), s.aversion());
            } else {
                throw new IllegalArgumentException("not in this scenario: " + request);
            }
            return "OK";
        } catch (KeeperException e) {
            if (e.getResults() == null) {
                return Code.of(e.code().intValue()).toString();
            }
            List<String> codes = new ArrayList<>();
            for (OpResult r : e.getResults()) {
                codes.add(Code.of(((OpResult.ErrorResult) r).getErr()).toString());
            }
            return String.join(", ", codes);
        }
    }

    private static org.apache.zookeeper.CreateMode zkMode(CreateMode mode) {
        try {
            return org.apache.zookeeper.CreateMode.fromFlag(mode.flag());
        } catch (KeeperException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Op toOp(WriteOp.MultiOp op) {
        if (op instanceof WriteOp.Create c) {
            return Op.create(c.path(), c.data(), zkAcl(c.acl()), zkMode(c.mode()));
        } else if (op instanceof WriteOp.Delete d) {
            return Op.delete(d.path(), d.version());
        } else if (op instanceof WriteOp.SetData s) {
            return Op.setData(s.path(), s.data(), s.version());
        }
        WriteOp.Check c = (WriteOp.Check) op;
        return Op.check(c.path(), c.version());
    }

    /** Our result in the same words as {@link #onZooKeeper}. */
    private static String outcome(TxnResult result) {
        if (result instanceof TxnResult.MultiResult multi) {
            List<String> parts = new ArrayList<>();
            multi.results().forEach(r -> parts.add(outcome(r)));
            return String.join(", ", parts);
        }
        if (result instanceof TxnResult.Failed failed) {
            return failed.code().toString();
        }
        return result instanceof TxnResult.Created created ? created.path() : "OK";
    }

    private static List<ACL> zkAcl(List<Acl> acl) {
        List<ACL> out = new ArrayList<>();
        acl.forEach(a -> out.add(new ACL(a.perms(), new org.apache.zookeeper.data.Id(a.id().scheme(), a.id().id()))));
        return out;
    }

    /** Read straight from the server's tree: no ACL stands between the test and the truth. */
    private static List<Acl> zkAcl(String path) throws KeeperException.NoNodeException {
        List<Acl> out = new ArrayList<>();
        zkTree().getACL(path, null).forEach(a -> out.add(new Acl(a.getPerms(), new Id(a.getId().getScheme(), a.getId().getId()))));
        return out;
    }

    private static void collectZooKeeperStats(String path, Map<String, Stat> into) throws KeeperException.NoNodeException {
        org.apache.zookeeper.data.Stat s = new org.apache.zookeeper.data.Stat();
        List<String> children = zkTree().getChildren(path, s, null);
        into.put(path, withoutTimes(new Stat(s.getCzxid(), s.getMzxid(), s.getCtime(), s.getMtime(), s.getVersion(),
                s.getCversion(), s.getAversion(), s.getEphemeralOwner(), s.getDataLength(), s.getNumChildren(), s.getPzxid())));
        for (String child : children) {
            collectZooKeeperStats(path.equals("/") ? "/" + child : path + "/" + child, into);
        }
    }

    private static DataTree zkTree() {
        return server.getZKDatabase().getDataTree();
    }

    /** Leader times differ between the two servers; everything else must not. */
    private static Stat withoutTimes(Stat s) {
        return new Stat(s.czxid(), s.mzxid(), 0, 0, s.version(), s.cversion(), s.aversion(), s.ephemeralOwner(),
                s.dataLength(), s.numChildren(), s.pzxid());
    }
}
