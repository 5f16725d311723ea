package io.warden.ops.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.proto.ConnectRequest;
import org.apache.zookeeper.proto.ConnectResponse;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bursts of server-side work against the real server in its own JVM (started by ops/bin/warden-server,
 * as in {@link RealLauncherRestartTest}): many containers emptied at once and many sessions expiring
 * at once, with and without a slow disk (every fsync of the log delayed through the journal's
 * test-fsync-delay hook). The node must stay up, answer a reading and writing client throughout,
 * and remove every container and ephemeral in the time the deletion rate allows (and no faster).
 *
 * <p>The default run is scaled down (a few thousand containers, a faster container check); the
 * {@code soak} variants use 50,000 containers, 5,000 sessions and ZooKeeper's default container
 * settings (a check a minute, 10,000 deletions a minute: about six minutes each):
 * {@code mvn -B -o -pl ops -am test -Psoak -Dtest='OverloadBurstTest#*soak*'
 * -Dsurefire.failIfNoSpecifiedTests=false}. Each run prints its figures (reap time, the client's
 * read latencies during the burst) on one line starting "OverloadBurstTest".
 *
 * <p>zoo.cfg sets maxClientCnxns=0 only because the sessions all come from one address; the
 * container settings are ZooKeeper's defaults unless a scaled run overrides them with the same
 * -D properties a ZooKeeper operator uses.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class OverloadBurstTest {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    private ScriptedNode node;
    private final List<ZooKeeper> clients = new ArrayList<>();
    private final List<Socket> rawSessions = new ArrayList<>();

    /** One burst: its size and the server's extra -D flags. */
    private record Burst(String name, int containers, int sessions, int sessionTimeoutMs, int maxPerMinute,
                         int checkIntervalMs, String extraFlags) {
        String jvmFlags() {
            String flags = "-Xmx768m -XX:+UseSerialGC " + extraFlags;
            if (maxPerMinute != 10_000) {
                flags += " -Dznode.container.maxPerMinute=" + maxPerMinute;
            }
            if (checkIntervalMs != 60_000) {
                flags += " -Dznode.container.checkIntervalMs=" + checkIntervalMs;
            }
            return flags;
        }
    }

    private static final String SLOW_FSYNC = "-Dwarden.persistence.journal.test-fsync-delay=50ms";

    @BeforeAll
    static void needsBash() {
        ScriptHarness.assumeBash();
    }

    @BeforeEach
    void layout() throws IOException {
        node = ScriptedNode.layOut(tmp);
        node.writeConfig("dataDir=../data", "clientPort=" + node.port(), "maxClientCnxns=0",
                "admin.enableServer=false", "4lw.commands.whitelist=*");
    }

    @AfterEach
    void stopWhatWeStarted() throws Exception {
        for (Socket s : rawSessions) {
            s.close();
        }
        for (ZooKeeper zk : clients) {
            zk.close(1000);
        }
        node.stopOrKill();
    }

    @Test
    void containersAndSessionsBurst_scaledDown() throws Exception {
        run(new Burst("default", 3_000, 500, 10_000, 60_000, 1_000, ""));
    }

    /**
     * Deletions unlimited, so that only the log's room holds them back, on a disk with 50 ms fsyncs:
     * more candidates than the log's queue bound (20,000), which used to stop the node.
     */
    @Test
    void containersAndSessionsBurst_slowFsync_logRoomIsTheOnlyLimit_scaledDown() throws Exception {
        run(new Burst("slow-fsync-unpaced", 25_000, 500, 10_000, 100_000_000, 1_000, SLOW_FSYNC));
    }

    @Test
    @Tag("soak")
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void containersAndSessionsBurst_zooKeeperDefaults_soak() throws Exception {
        run(new Burst("soak-default", 50_000, 5_000, 40_000, 10_000, 60_000, ""));
    }

    @Test
    @Tag("soak")
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void containersAndSessionsBurst_zooKeeperDefaults_slowFsync_soak() throws Exception {
        run(new Burst("soak-slow-fsync", 50_000, 5_000, 40_000, 10_000, 60_000, SLOW_FSYNC));
    }

    private void run(Burst burst) throws Exception {
        node.start(burst.jvmFlags());
        ZooKeeper admin = connect();
        for (String p : List.of("/c", "/e", "/probe")) {
            admin.create(p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        createContainersWithAChild(admin, burst.containers());
        openSessionsWithAnEphemeral(burst.sessions(), burst.sessionTimeoutMs());

        Prober prober = new Prober(connect());
        Thread probing = new Thread(prober, "prober");
        probing.start();
        long burstStartNs = System.nanoTime();
        for (Socket s : rawSessions) {
            s.close(); // the sessions live on until their timeout, then all expire within a tick or two
        }
        // Timed from the first delete: a check may begin reaping while later multis are still emptying.
        long emptiedNs = System.nanoTime();
        emptyTheContainers(admin, burst.containers());

        Duration reapBound = Duration.ofMillis(burst.checkIntervalMs()
                + (long) burst.containers() * 60_000 / burst.maxPerMinute() + 60_000);
        await("every container reaped").atMost(reapBound).pollInterval(Duration.ofMillis(200))
                .until(() -> prober.failure.get() != null || admin.getAllChildrenNumber("/c") == 0);
        long reapedNs = System.nanoTime();
        await("every ephemeral gone").atMost(Duration.ofMillis(burst.sessionTimeoutMs() + 60_000)).pollInterval(Duration.ofMillis(200))
                .until(() -> prober.failure.get() != null || admin.getAllChildrenNumber("/e") == 0);
        long expiredNs = System.nanoTime();
        prober.stop = true;
        probing.join(30_000);

        assertEquals(null, prober.failure.get(), "the probing client was answered throughout");
        assertTrue(node.alive(), "the server is up");
        assertEquals("imok", node.fourLetterWord("ruok").trim());
        long reapMs = TimeUnit.NANOSECONDS.toMillis(reapedNs - emptiedNs);
        long minReapMs = (long) burst.containers() * 60_000 / burst.maxPerMinute();
        assertTrue(reapMs >= minReapMs * 9 / 10, "deleted faster than maxPerMinute allows: " + reapMs + " ms");
        long[] latencies = prober.latenciesNs();
        System.out.printf("OverloadBurstTest %s: %d containers reaped in %d ms (rate bound %d ms, check every %d ms);"
                        + " %d sessions gone %d ms after their sockets closed (timeout %d ms); probe: %d reads, %d writes,"
                        + " read p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                burst.name(), burst.containers(), reapMs, minReapMs, burst.checkIntervalMs(), burst.sessions(),
                TimeUnit.NANOSECONDS.toMillis(expiredNs - burstStartNs), burst.sessionTimeoutMs(), latencies.length,
                prober.writes, percentileMs(latencies, 0.50), percentileMs(latencies, 0.99),
                percentileMs(latencies, 1.0));
        assertTrue(latencies.length > 0, "the probe read during the burst");
    }

    /** Reads (and every tenth time writes) one znode in a loop on its own session; any error is kept. */
    private static final class Prober implements Runnable {
        final ZooKeeper zk;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean stop;
        int writes;
        private long[] latencies = new long[1 << 16];
        private int count;

        Prober(ZooKeeper zk) {
            this.zk = zk;
        }

        @Override
        public void run() {
            try {
                for (int i = 0; !stop; i++) {
                    long start = System.nanoTime();
                    zk.getData("/probe", false, null);
                    long took = System.nanoTime() - start;
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = took;
                    if (i % 10 == 0) {
                        zk.setData("/probe", new byte[] {(byte) i}, -1);
                        writes++;
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        long[] latenciesNs() {
            return Arrays.copyOf(latencies, count);
        }
    }

    private static double percentileMs(long[] ns, double p) {
        if (ns.length == 0) {
            return Double.NaN;
        }
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static void createContainersWithAChild(ZooKeeper zk, int containers) throws Exception {
        int perMulti = 250;
        for (int from = 0; from < containers; from += perMulti) {
            List<Op> ops = new ArrayList<>();
            for (int i = from; i < Math.min(containers, from + perMulti); i++) {
                ops.add(Op.create("/c/" + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER));
                ops.add(Op.create("/c/" + i + "/x", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            }
            zk.multi(ops);
        }
    }

    /** Empties every container within a moment: a few multis of 1,000 deletes each. */
    private static void emptyTheContainers(ZooKeeper zk, int containers) throws Exception {
        int perMulti = 1_000;
        for (int from = 0; from < containers; from += perMulti) {
            List<Op> ops = new ArrayList<>();
            for (int i = from; i < Math.min(containers, from + perMulti); i++) {
                ops.add(Op.delete("/c/" + i + "/x", -1));
            }
            zk.multi(ops);
        }
    }

    /**
     * Opens the sessions with the wire protocol directly (thousands of stock clients would need
     * thousands of threads): every handshake is sent before any answer is read, and each create as
     * soon as its session is granted, so they all are last touched within moments of each other
     * and expire together.
     */
    private void openSessionsWithAnEphemeral(int sessions, int timeoutMs) throws IOException {
        for (int i = 0; i < sessions; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), node.port());
            s.setSoTimeout(120_000);
            rawSessions.add(s);
            writeFrame(s, record(out -> new ConnectRequest(0, 0, timeoutMs, 0, new byte[16], false)
                    .serialize(out, "connect")));
        }
        // Each create follows its own session's answer at once: on a loaded machine, reading all the
        // answers first could take longer than a session's timeout.
        for (int i = 0; i < rawSessions.size(); i++) {
            ConnectResponse response = new ConnectResponse();
            response.deserialize(BinaryInputArchive.getArchive(new ByteArrayInputStream(readFrame(rawSessions.get(i)))),
                    "connect");
            assertTrue(response.getSessionId() != 0, "session granted");
            String path = "/e/s" + i;
            writeFrame(rawSessions.get(i), record(out -> {
                new RequestHeader(1, ZooDefs.OpCode.create).serialize(out, "header");
                new CreateRequest(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL.toFlag())
                        .serialize(out, "request");
            }));
        }
        for (Socket s : rawSessions) {
            ReplyHeader header = new ReplyHeader();
            header.deserialize(BinaryInputArchive.getArchive(new ByteArrayInputStream(readFrame(s))), "header");
            assertEquals(0, header.getErr(), "ephemeral created");
        }
    }

    @FunctionalInterface
    private interface Writes {
        void to(BinaryOutputArchive out) throws IOException;
    }

    private static byte[] record(Writes writes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writes.to(BinaryOutputArchive.getArchive(bytes));
        return bytes.toByteArray();
    }

    private static void writeFrame(Socket s, byte[] payload) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    private static byte[] readFrame(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int length = in.readInt();
        assertTrue(length >= 0 && length < (1 << 20), "frame length " + length);
        return in.readNBytes(length);
    }

    private ZooKeeper connect() throws IOException {
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + node.port(), 30_000, event -> { });
        clients.add(zk);
        await("connected").atMost(CONNECT_TIMEOUT).until(() -> zk.getState().isConnected());
        return zk;
    }
}
