package io.warden.actors.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.warden.actors.config.ServerConfig;
import io.warden.persistence.replica.ReplicaLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's data belongs to its directories, not to its myid: the replica log's persistence id
 * used to embed the myid, so a standalone node (myid 0) restarted as server.1 started empty.
 */
class DataDoesNotDependOnMyidTest {
    @TempDir
    Path tmp;
    private WardenServer.Node node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
            node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private ServerConfig config(long myid) {
        return ServerConfig.builder(tmp.resolve("data")).myid(myid).clientPortAddress("127.0.0.1").clientPort(0).build();
    }

    @Test
    void thePersistenceIdIsOneConstant_theOneStandaloneNodesAlwaysUsed() {
        assertEquals("warden-replica-0", ReplicaLog.PERSISTENCE_ID);
        assertEquals(ReplicaLog.PERSISTENCE_ID, WardenServer.persistenceId(config(0)));
        assertEquals(ReplicaLog.PERSISTENCE_ID, WardenServer.persistenceId(config(1)));
        assertEquals(ReplicaLog.PERSISTENCE_ID, WardenServer.persistenceId(config(7)));
    }

    @Test
    void dataWrittenAsMyid0_isServedWhenTheSameDataDirRunsAsMyid1() throws Exception {
        node = new WardenServer().start(config(0));
        long czxid;
        ZooKeeper zk = connect(node);
        try {
            zk.create("/kept", "written as myid 0".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
            czxid = zk.exists("/kept", false).getCzxid();
        } finally {
            zk.close();
        }
        node.close();
        node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        node = null;

        node = new WardenServer().start(config(1));
        zk = connect(node);
        try {
            Stat stat = zk.exists("/kept", false);
            assertNotNull(stat, "the znode written before the myid changed must still be there");
            assertEquals(czxid, stat.getCzxid());
            assertArrayEquals("written as myid 0".getBytes(StandardCharsets.UTF_8), zk.getData("/kept", false, null));
        } finally {
            zk.close();
        }
    }

    private static ZooKeeper connect(WardenServer.Node running) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + running.clientAddress().getPort(), 10_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(20, TimeUnit.SECONDS)) {
            zk.close();
            throw new AssertionError("client did not connect");
        }
        return zk;
    }
}
