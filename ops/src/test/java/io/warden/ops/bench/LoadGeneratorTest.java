package io.warden.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** A one-second run of every workload against an in-process Apache ZooKeeper server. */
class LoadGeneratorTest {
    private static Level previousLevel;

    @TempDir
    Path dataDir;
    private ZooKeeperServer server;
    private ServerCnxnFactory connections;

    /** ZooKeeper logs every packet at DEBUG, the default level without a logback config. */
    @BeforeAll
    static void quietZooKeeper() {
        Logger zk = (Logger) LoggerFactory.getLogger("org.apache.zookeeper");
        previousLevel = zk.getLevel();
        zk.setLevel(Level.WARN);
    }

    @AfterAll
    static void restoreLogging() {
        ((Logger) LoggerFactory.getLogger("org.apache.zookeeper")).setLevel(previousLevel);
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new ZooKeeperServer(dataDir.resolve("snap").toFile(), dataDir.resolve("log").toFile(), 2000);
        connections = ServerCnxnFactory.createFactory(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        connections.startup(server);
    }

    @AfterEach
    void stopServer() {
        connections.shutdown();
        server.shutdown();
    }

    @ParameterizedTest
    @EnumSource(Workload.class)
    void aShortRunCompletesOperationsWithoutErrorsAndCleansUp(Workload workload) throws Exception {
        LoadOptions options = LoadOptions.parse(new String[] {
            "--connect", "127.0.0.1:" + connections.getLocalPort(), "--op", workload.optionName(),
            "--sessions", "2", "--outstanding", "2", "--znodes", "4", "--size", "100",
            "--duration", "1s", "--warmup", "200ms",
            // The server runs in this JVM, which exercises the /proc reading path.
            "--server-pid", Long.toString(ProcessHandle.current().pid())});

        LoadResult result = LoadGenerator.run(options);

        assertTrue(result.ops() > 0, result::toString);
        assertEquals(0, result.errors(), result::toString);
        assertEquals(0, result.unfinished(), result::toString);
        assertEquals(result.ops() / result.measuredSeconds(), result.opsPerSec(), 1e-6);
        assertTrue(0 < result.p50Us() && result.p50Us() <= result.p99Us() && result.p99Us() <= result.p999Us()
                && result.p999Us() <= result.maxUs(), result::toString);
        assertTrue(result.clientCpuUsPerOp() > 0, result::toString);
        assertFalse(Double.isNaN(result.serverCpuUsPerOp()), result::toString);
        assertNull(server.getZKDatabase().getDataTree().getNode(BenchTree.ROOT), "bench nodes left behind");
    }
}
