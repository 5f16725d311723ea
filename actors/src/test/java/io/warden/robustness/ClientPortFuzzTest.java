package io.warden.robustness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.warden.actors.config.FourLetterWords;
import io.warden.actors.config.ServerConfig;
import io.warden.actors.server.WardenServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, at volume, against one real node: random bytes, garbage around handshakes,
 * four-letter words, and sessions full of every opcode with random mutations (bit flips,
 * truncations, lying jute lengths, unknown opcodes, random xids, lying frame lengths), from
 * several threads at once. The node must stay up, keep answering a well-behaved client that
 * works throughout, leak no connection, and leave data written before the attack unchanged.
 *
 * <p>Prints its seed; replay with {@code -Dwarden.seed=N} (and the same thread count). A replay
 * sends the same inputs as long as the server answers them the same way: where timing changes an
 * answer (a session expired or not yet), a thread's path forks. {@code -Dwarden.fuzz.inputs} and
 * {@code -Dwarden.fuzz.threads} size a run; {@code -Dwarden.fuzz.quiet=false} keeps the node's
 * per-connection log lines, which a run otherwise raises to ERROR.
 */
class ClientPortFuzzTest {
    private static final int MAX_FRAME_BYTES = 16 * 1024;

    @TempDir
    static Path dataDir;
    private static WardenServer.Node node;
    private static InetSocketAddress address;

    @BeforeAll
    static void startNode() {
        ServerConfig config = ServerConfig.builder(dataDir).clientPortAddress("127.0.0.1").clientPort(0)
                .juteMaxBufferBytes(MAX_FRAME_BYTES)
                .maxClientCnxns(0)
                // Short ticks so fuzzed sessions expire while the run goes on: expiry is exercised too.
                .tickTimeMs(500).minSessionTimeoutMs(1000).maxSessionTimeoutMs(60_000)
                .fourLetterWords(FourLetterWords.all())
                .build();
        node = new WardenServer().start(config);
        address = node.clientAddress();
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
            node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void hundredThousandBadInputsLeaveTheServerServingAndTheDataIntact() throws Exception {
        fuzz(100_000);
    }

    @Test
    @Tag("soak")
    void twoMillionBadInputsLeaveTheServerServingAndTheDataIntact() throws Exception {
        fuzz(2_000_000);
    }

    private void fuzz(long defaultInputs) throws Exception {
        long seed = Long.getLong("warden.seed", System.nanoTime());
        long inputs = Long.getLong("warden.fuzz.inputs", defaultInputs);
        int threads = Integer.getInteger("warden.fuzz.threads", 8);
        System.out.println("ClientPortFuzzTest: seed " + seed + " (replay with -Dwarden.seed=" + seed + "), "
                + inputs + " inputs from " + threads + " threads");
        try (ZooKeeper owner = StockClients.connect(address)) {
            Fixture fixture = Fixture.write(owner, seed);
            Anomalies anomalies = new Anomalies();
            FuzzDriver.Tally total = new FuzzDriver.Tally();
            long startNanos = System.nanoTime();
            List<String> serverErrors;
            List<String> loadFailures;
            long loadOperations;
            try (ZooKeeper worker = StockClients.connect(address);
                 LogCapture log = LogCapture.attachQuieting("io.warden",
                         Boolean.parseBoolean(System.getProperty("warden.fuzz.quiet", "true")) ? Level.ERROR : Level.INFO)) {
                LiveLoad load = LiveLoad.start(worker, "during-fuzz");
                total = runDrivers(seed, inputs, threads, anomalies);
                loadFailures = load.stop();
                loadOperations = load.operations();
                serverErrors = log.lines(Level.ERROR, "");
            }
            long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
            System.out.printf("ClientPortFuzzTest: seed %d: %s in %d ms (%.0f inputs/s); the stock client did %d "
                    + "operations meanwhile%n", seed, total, elapsedMs, total.inputs * 1000.0 / Math.max(1, elapsedMs),
                    loadOperations);

            String replay = " (seed " + seed + ")";
            assertFalse(node.whenTerminated().toCompletableFuture().isDone(), "the node stopped" + replay);
            assertEquals(0, anomalies.count(), anomalies.describe() + replay);
            assertEquals(List.of(), serverErrors, "errors logged by the node" + replay);
            assertEquals(List.of(), loadFailures, "the stock client's operations during the fuzz" + replay);
            assertTrue(loadOperations > 0, "the stock client got nothing done during the fuzz" + replay);
            assertTrue(total.inputs >= inputs, "only " + total.inputs + " inputs were sent" + replay);

            // Every fuzz connection is gone: what is left are the owner's and the srvr asker's.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> RawConnection.openConnections(address) <= 2);
            try (ZooKeeper after = StockClients.connect(address)) {
                fixture.assertUnchanged(after);
                String path = Fixture.LIVE + "/after-fuzz";
                byte[] data = "still serving".getBytes(StandardCharsets.UTF_8);
                assertEquals(path, after.create(path, data, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
                assertArrayEquals(data, after.getData(path, false, null));
                after.delete(path, 0);
                assertNull(after.exists(path, false));
                Fixture.remove(after);
            }
        }
    }

    private static FuzzDriver.Tally runDrivers(long seed, long inputs, int threads, Anomalies anomalies)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<FuzzDriver.Tally>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long driverSeed = seed * 31 + t;
                long budget = inputs / threads + (t < inputs % threads ? 1 : 0);
                FuzzDriver driver = new FuzzDriver(address, "fuzzer-" + t, driverSeed, MAX_FRAME_BYTES, anomalies);
                runs.add(pool.submit(() -> driver.run(budget)));
            }
            FuzzDriver.Tally total = new FuzzDriver.Tally();
            for (Future<FuzzDriver.Tally> run : runs) {
                total.add(run.get(60, TimeUnit.MINUTES));
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
