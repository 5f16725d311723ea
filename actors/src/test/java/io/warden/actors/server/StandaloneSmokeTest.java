package io.warden.actors.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official ZooKeeper client against a standalone Warden: the first end-to-end proof. */
class StandaloneSmokeTest {
    @TempDir
    Path dataDir;
    private WardenServer.Node node;
    private ZooKeeper zk;

    @BeforeEach
    void start() throws Exception {
        ServerConfig config = ServerConfig.builder(dataDir).clientPortAddress("127.0.0.1").clientPort(0).build();
        node = new WardenServer().start(config);
        start(node);
    }

    private void start(WardenServer.Node running) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        zk = new ZooKeeper("127.0.0.1:" + running.clientAddress().getPort(), 10_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("client did not connect");
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (zk != null) {
            zk.close();
        }
        if (node != null) {
            node.close();
            node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void createReadUpdateDeleteWithTheStockClient() throws Exception {
        assertEquals("/a", zk.create("/a", "one".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        Stat stat = new Stat();
        assertArrayEquals("one".getBytes(), zk.getData("/a", false, stat));
        assertEquals(0, stat.getVersion());
        Stat set = zk.setData("/a", "two".getBytes(), 0);
        assertEquals(1, set.getVersion());
        assertEquals(List.of("a", "zookeeper"), zk.getChildren("/", false).stream().sorted().toList());
        zk.delete("/a", 1);
        assertNull(zk.exists("/a", false));
    }

    @Test
    void restartRecoversAcknowledgedWrites() throws Exception {
        zk.create("/kept", "data".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.setData("/kept", "more".getBytes(), 0);
        long zxid = zk.exists("/kept", false).getMzxid();
        zk.close();
        zk = null;
        node.close();
        node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        node = new WardenServer().start(ServerConfig.builder(dataDir).clientPortAddress("127.0.0.1").clientPort(0).build());
        start(node);
        Stat stat = new Stat();
        assertArrayEquals("more".getBytes(), zk.getData("/kept", false, stat));
        assertEquals(1, stat.getVersion());
        assertEquals(zxid, stat.getMzxid());
    }

    @Test
    void everyAnsweredRequestLeavesTheOutstandingCount() throws Exception {
        zk.create("/o", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int i = 0; i < 50; i++) {
            zk.getData("/o", false, null);
            zk.exists("/missing", false);
        }
        zk.setData("/o", "x".getBytes(), -1);
        // srvr is always whitelisted; nothing is in flight once the client has every answer.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> srvr().contains("Outstanding: 0\n"));
        String srvr = srvr();
        assertTrue(srvr.contains("Mode: standalone\n"), srvr);
        assertFalse(srvr.contains("Sent: 0\n"), "replies are counted: " + srvr);
    }

    private String srvr() throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.clientAddress().getPort())) {
            socket.getOutputStream().write("srvr".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    @Test
    void dataWatchFiresOnChange() throws Exception {
        zk.create("/w", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        zk.getData("/w", events::add, null);
        zk.setData("/w", "x".getBytes(), -1);
        WatchedEvent event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no watch event");
        assertEquals(Watcher.Event.EventType.NodeDataChanged, event.getType());
        assertEquals("/w", event.getPath());
    }
}
