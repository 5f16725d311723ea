package io.warden.ops.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Zxid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server through the real launcher, killed with SIGKILL while writes are in flight and
 * started again on the same zoo.cfg, several times; the stock ZooKeeper client is the judge.
 *
 * <p>Each round: a writer session sends seeded writes ({@link RoundWrites}); after a seeded number
 * of acknowledgements the server's JVM gets SIGKILL; the writer and a short-timeout "leaver"
 * session are closed while the server is down (so neither can reattach); the server is started
 * again. Then every acknowledged write must be there with the right data and version, the
 * surviving writes must be a prefix of the sent order, the "keeper" session (one for the whole
 * test, with a timeout longer than a restart) must reattach as the same session with all its
 * ephemerals, and the leaver's ephemeral must be removed once its timeout passes after the
 * restart, by a deletion in the new epoch (its parent's cversion and pzxid say so).
 *
 * <p>How the server is run: {@code ops/bin/warden-server start} on a copy of the ops layout
 * ({@link ScriptHarness}), with the test's classpath on CLASSPATH. The real script runs, so its
 * start/status/stop and pid-file handling are exercised against the real server; but the jars it
 * normally runs from exist only after {@code package}, which comes after the tests in
 * {@code mvn verify}, and a test must not run Maven itself.
 *
 * <p>The kill points, writes and snapCount are seeded: the seed is printed, and
 * {@code -Dwarden.seed=<seed>} replays them (the timing of a real process is not replayable).
 * The default run has 3 rounds; the soak variant, 25 rounds of up to 3000 acknowledgements:
 * {@code mvn -B -o -pl ops -am test -Psoak -Dtest='RealLauncherRestartTest#*soak'
 * -Dsurefire.failIfNoSpecifiedTests=false}. The server's logs are kept in
 * ops/target/RealLauncherRestartTest-logs.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RealLauncherRestartTest {
    private static final int TICK_MS = 1000;
    /** Longer than a restart on a loaded machine, so the keeper always reattaches. */
    private static final int KEEPER_TIMEOUT_MS = 45_000;
    private static final int WRITER_TIMEOUT_MS = 15_000;
    /** Short, yet long enough that a busy machine does not expire it before the kill. */
    private static final int LEAVER_TIMEOUT_MS = 4 * TICK_MS;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SERVER_JVM_EXIT_TIMEOUT = Duration.ofSeconds(30);
    /** C1 only and the serial collector: a quicker start on a busy machine, and writes wait on fsync anyway. */
    private static final String JVM_FLAGS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    @TempDir
    Path tmp;
    private ScriptedNode node;
    private final List<ZooKeeper> clients = new ArrayList<>();

    @BeforeAll
    static void needsBash() {
        ScriptHarness.assumeBash();
    }

    @BeforeEach
    void layout() throws IOException {
        node = ScriptedNode.layOut(tmp);
    }

    @AfterEach
    void stopWhatWeStarted() throws InterruptedException, IOException {
        for (ZooKeeper zk : clients) {
            zk.close(1000);
        }
        node.kill();
        keepServerLogs();
    }

    /** The temp dir goes with the test: its server logs are kept in target/ to explain a failure. */
    private void keepServerLogs() throws IOException {
        Path kept = Path.of("target", getClass().getSimpleName() + "-logs");
        Files.createDirectories(kept);
        if (Files.isDirectory(node.logDir())) {
            try (var files = Files.list(node.logDir())) {
                for (Path f : files.toList()) {
                    Files.copy(f, kept.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * A snapCount of a few hundred: several snapshots a round, so the kill also lands during or
     * just after snapshots and journal truncation, and recovery starts from a snapshot.
     */
    private void writeConfig(int snapCount) throws IOException {
        node.writeConfig(
                "tickTime=" + TICK_MS,
                "dataDir=../data",
                "dataLogDir=../datalog",
                "clientPort=" + node.port(),
                "maxSessionTimeout=" + 2 * KEEPER_TIMEOUT_MS,
                "snapCount=" + snapCount,
                "admin.enableServer=false",
                "4lw.commands.whitelist=*");
    }

    @Test
    void killNineWithWritesInFlight_losesNoAcknowledgedWrite_andKeepsLiveSessions() throws Exception {
        run(3, 50, 400);
    }

    @Test
    @Tag("soak")
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void killNineWithWritesInFlight_soak() throws Exception {
        run(25, 1, 3000);
    }

    private void run(int rounds, int minAcks, int maxAcks) throws Exception {
        long seed = Long.getLong("warden.seed", System.nanoTime());
        System.out.println("RealLauncherRestartTest seed=" + seed + " (replay with -Dwarden.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        int snapCount = 100 + random.nextInt(900);
        System.out.println("snapCount=" + snapCount);
        writeConfig(snapCount);
        long startedNs = System.nanoTime();
        startServer();
        SessionEvents keeperEvents = new SessionEvents();
        ZooKeeper keeper = connect(KEEPER_TIMEOUT_MS, keeperEvents);
        long keeperSession = keeper.getSessionId();
        keeper.create("/keep", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        List<RoundWrites> done = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            String context = "seed " + seed + " round " + round;
            String parent = "/r" + round;
            keeper.create(parent, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            keeper.create(parent + "/leave", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            keeper.create(parent + "/w", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            keeper.create("/keep/r" + round, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            ZooKeeper leaver = connect(LEAVER_TIMEOUT_MS, new SessionEvents());
            Stat leaverStat = new Stat();
            leaver.create(parent + "/leave/e", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, leaverStat);

            RoundWrites writes = new RoundWrites(parent + "/w", random.nextLong());
            int killAfter = minAcks + random.nextInt(maxAcks - minAcks + 1);
            Laps laps = new Laps();
            ZooKeeper writer = writeAndKill(writes, killAfter, context);
            done.add(writes);
            laps.lap("writes");
            closeWhileServerIsDown(writer, leaver);
            assertEquals(List.of(), writes.unexpectedFailures(), context);
            laps.lap("close");
            startServer();
            laps.lap("restart");

            ScriptHarness.Result status = node.script("status");
            assertEquals(0, status.status(), context + ": " + status.output());
            assertTrue(status.output().contains("Mode: standalone"), context + ": " + status.output());
            List<String> summaries = verifyAll(done, context);
            laps.lap("verify");
            checkKeeper(keeper, keeperEvents, keeperSession, round, context);
            checkLeaverExpired(parent, leaverStat, context);
            laps.lap("sessions");
            System.out.printf("round %d: killed after %d acks; %s; %s; snapshots %s%n", round, killAfter,
                    summaries.get(summaries.size() - 1), laps, snapshotFiles());
        }
        stopServer();
        System.out.printf("RealLauncherRestartTest: %d rounds in %d s; snapshot files left (snapCount %d): %s%n", rounds,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNs), snapCount, snapshotFiles());
    }

    /**
     * Sends writes until {@code killAfter} are acknowledged and SIGKILLs the server with more in
     * flight; returns the writer, still open.
     */
    private ZooKeeper writeAndKill(RoundWrites writes, int killAfter, String context) throws Exception {
        ZooKeeper writer = connect(WRITER_TIMEOUT_MS, new SessionEvents());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                writes.sendUntil(writer, stop::get);
            } catch (Throwable t) {
                sendFailure.set(t);
            }
        }, "round-writer");
        sender.start();
        try {
            await(context + ": " + killAfter + " acknowledgements").atMost(Duration.ofSeconds(120))
                    .until(() -> writes.ackCount() >= killAfter || !sender.isAlive() || !writes.unexpectedFailures().isEmpty());
            assertEquals(List.of(), writes.unexpectedFailures(), context);
            killServer();
        } finally {
            stop.set(true);
            sender.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertFalse(sender.isAlive(), context + ": the writer did not stop");
        if (sendFailure.get() != null) {
            throw new AssertionError(context + ": the writer failed", sendFailure.get());
        }
        return writer;
    }

    /**
     * Closes clients while the server is down: their close requests cannot reach it, so their
     * sessions live on there, unattached. Side by side, since each close waits out its client's
     * reconnect back-off (up to a second).
     */
    private void closeWhileServerIsDown(ZooKeeper... sessions) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (ZooKeeper zk : sessions) {
            clients.remove(zk);
            closing.add(CompletableFuture.runAsync(() -> {
                try {
                    zk.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
    }

    private List<String> verifyAll(List<RoundWrites> done, String context) throws Exception {
        ZooKeeper reader = connect(WRITER_TIMEOUT_MS, new SessionEvents());
        List<String> summaries = new ArrayList<>();
        for (RoundWrites writes : done) {
            summaries.add(writes.verify(reader, context));
        }
        reader.close();
        clients.remove(reader);
        return summaries;
    }

    /** (a) A session that reattaches within its timeout is the same session, with all its ephemerals. */
    private void checkKeeper(ZooKeeper keeper, SessionEvents events, long sessionId, int rounds, String context)
            throws Exception {
        await(context + ": the keeper reconnects").atMost(CONNECT_TIMEOUT)
                .until(() -> keeper.getState().isConnected() || events.expired.get());
        assertFalse(events.expired.get(), context + ": the keeper's session expired across the restart");
        assertEquals(sessionId, keeper.getSessionId(), context);
        for (int r = 1; r <= rounds; r++) {
            Stat stat = keeper.exists("/keep/r" + r, false);
            assertNotNull(stat, context + ": the keeper's ephemeral /keep/r" + r + " is gone");
            assertEquals(sessionId, stat.getEphemeralOwner(), context + ": owner of /keep/r" + r);
        }
        // And it is a working session, not only one the client believes in.
        keeper.setData("/keep", Integer.toString(rounds).getBytes(StandardCharsets.US_ASCII), rounds - 1);
    }

    /** (b) A session that does not come back expires after the restart, and its ephemeral goes with it. */
    private void checkLeaverExpired(String parent, Stat created, String context) throws Exception {
        ZooKeeper reader = connect(WRITER_TIMEOUT_MS, new SessionEvents());
        String leave = parent + "/leave";
        await(context + ": the leaver's ephemeral is removed").atMost(Duration.ofMillis(LEAVER_TIMEOUT_MS).plusSeconds(60))
                .until(() -> reader.getChildren(leave, false).isEmpty());
        Stat stat = reader.exists(leave, false);
        assertEquals(2, stat.getCversion(), context + ": " + leave + " saw one create and one delete: " + stat);
        assertTrue(Zxid.epoch(stat.getPzxid()) > Zxid.epoch(created.getCzxid()),
                context + ": the ephemeral was deleted in the epoch it was created in, before the restart: "
                        + Zxid.toHex(stat.getPzxid()) + " vs created at " + Zxid.toHex(created.getCzxid()));
        reader.close();
        clients.remove(reader);
    }

    private void startServer() throws Exception {
        ScriptHarness.Result start = node.start(JVM_FLAGS);
        assertTrue(start.output().contains("STARTED"), start.output());
        assertTrue(node.alive(), "no live server " + node.pid());
    }

    /** SIGKILL to the server's JVM, the pid the launcher wrote, and wait until it is gone. */
    private void killServer() {
        ProcessHandle server = ProcessHandle.of(node.pid()).orElseThrow(() -> new AssertionError("server already gone"));
        // The command line the OS reports may be cut short before the main class: the program name must do.
        assertTrue(server.info().command().map(c -> c.endsWith("java")).orElse(true),
                "pid " + node.pid() + " is not the Warden JVM: " + server.info().command());
        assertTrue(server.destroyForcibly(), "SIGKILL not sent");
        server.onExit().orTimeout(SERVER_JVM_EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** {@code warden-server stop} ends the server cleanly: exit 0, process gone, pid file removed. */
    private void stopServer() throws Exception {
        ScriptHarness.Result stop = node.script("stop");
        assertEquals(0, stop.status(), stop.output() + ScriptHarness.logs(node.logDir()));
        assertTrue(stop.output().contains("STOPPED"), stop.output());
        assertFalse(node.alive(), "server still running");
        assertFalse(Files.exists(node.pidFile()), "pid file left behind");
        node.forget();
    }

    private List<String> snapshotFiles() throws IOException {
        Path dir = tmp.resolve("data").resolve("snapshots");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private ZooKeeper connect(int sessionTimeoutMs, SessionEvents events) throws IOException {
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + node.port(), sessionTimeoutMs, events);
        clients.add(zk);
        await("connected to 127.0.0.1:" + node.port()).atMost(CONNECT_TIMEOUT).until(() -> zk.getState().isConnected());
        return zk;
    }

    /** Wall-clock time per phase of a round, for its summary line. */
    private static final class Laps {
        private final StringBuilder text = new StringBuilder();
        private long lastNs = System.nanoTime();

        void lap(String phase) {
            long now = System.nanoTime();
            text.append(text.length() == 0 ? "" : ", ").append(phase).append(' ')
                    .append(TimeUnit.NANOSECONDS.toMillis(now - lastNs)).append(" ms");
            lastNs = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /** Remembers whether the session ever expired: the keeper's must never. */
    private static final class SessionEvents implements Watcher {
        final AtomicBoolean expired = new AtomicBoolean();

        @Override
        public void process(WatchedEvent event) {
            if (event.getState() == Event.KeeperState.Expired) {
                expired.set(true);
            }
        }
    }
}
