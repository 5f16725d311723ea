package io.warden.actors.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.config.ServerConfig;
import io.warden.actors.config.ServerConfigBuilder;
import io.warden.api.data.Zxid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node, the stock client, and a dataLogDir that no longer holds the log next to the
 * snapshots (emptied, or the setting pointed elsewhere). Before the start-up check the node came
 * up from the snapshot and the znodes written after it were gone without a word; now it refuses,
 * naming the directory and the zxids, and starts only with ZooKeeper's snapshot.trust.empty.
 */
class LogContinuityStartupTest {
    private static final int ZNODES = 40;

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

    private ServerConfigBuilder builder(Path dataLogDir) {
        // snapCount 10: the first snapshot comes after 6..10 txns, then every 10
        return ServerConfig.builder(tmp.resolve("data")).dataLogDir(dataLogDir).snapCount(10)
                .clientPortAddress("127.0.0.1").clientPort(0);
    }

    /** Writes ZNODES znodes, waits for a snapshot, stops; returns the last znode's zxid. */
    private long writeAndStop(Path dataLogDir) throws Exception {
        node = new WardenServer().start(builder(dataLogDir).build());
        long last;
        ZooKeeper zk = connect(node);
        try {
            for (int i = 0; i < ZNODES; i++) {
                zk.create("/z" + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            last = zk.exists("/z" + (ZNODES - 1), false).getCzxid();
        } finally {
            zk.close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> snapshotCount() >= 1);
        node.close();
        node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        node = null;
        return last;
    }

    private long snapshotCount() throws IOException {
        try (Stream<Path> files = Files.list(tmp.resolve("data").resolve("snapshots"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".snap")).count();
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

    @Test
    void aDataLogDirPointedAtAnEmptyDirectory_refusesToStartNamingItAndTheLostZxids() throws Exception {
        long lastZxid = writeAndStop(tmp.resolve("log-a"));
        Path elsewhere = tmp.resolve("log-b");

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> node = new WardenServer().start(builder(elsewhere).build()));
        String message = refused.getMessage();
        assertTrue(message.contains(elsewhere.resolve("log").toString()), message);
        assertTrue(message.contains(tmp.resolve("data").resolve("snapshots").toString()), message);
        assertTrue(message.matches(".*every txn acknowledged after zxid 0x[0-9a-f]+.*"), message);
        assertTrue(message.contains("snapshot.trust.empty=true"), message);
        assertTrue(!message.contains("\n"), message);

        // the right directory again: everything is there
        node = new WardenServer().start(builder(tmp.resolve("log-a")).build());
        ZooKeeper zk = connect(node);
        try {
            assertEquals(lastZxid, zk.exists("/z" + (ZNODES - 1), false).getCzxid());
        } finally {
            zk.close();
        }
    }

    @Test
    void anEmptiedDataLogDir_startsWithTheOverride_fromTheSnapshot() throws Exception {
        long lastZxid = writeAndStop(tmp.resolve("datalog"));
        try (Stream<Path> files = Files.list(tmp.resolve("datalog").resolve("log"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        assertThrows(IllegalStateException.class, () -> node = new WardenServer().start(builder(tmp.resolve("datalog")).build()));

        node = new WardenServer().start(builder(tmp.resolve("datalog")).trustLogBreak(true).build());
        ZooKeeper zk = connect(node);
        try {
            assertNotNull(zk.exists("/z0", false), "the snapshot's znodes are served");
            int kept = 0;
            while (kept < ZNODES && zk.exists("/z" + kept, false) != null) {
                kept++;
            }
            for (int i = kept; i < ZNODES; i++) {
                // the snapshot's state exactly: a prefix of the writes, the rest went with the log
                assertNull(zk.exists("/z" + i, false), "/z" + i + " after a missing /z" + kept);
            }
            zk.create("/after", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertTrue(Zxid.epoch(zk.exists("/after", false).getCzxid()) > Zxid.epoch(lastZxid));
        } finally {
            zk.close();
        }
        node.close();
        node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        // one overridden start leaves a log that continues the snapshot: the next start needs nothing
        node = new WardenServer().start(builder(tmp.resolve("datalog")).build());
        ZooKeeper again = connect(node);
        try {
            assertNotNull(again.exists("/after", false));
        } finally {
            again.close();
        }
    }
}
