package io.warden.ops.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cons} reports each connection's real {@code queued} count, ZooKeeper's outstanding
 * requests: received on that connection and not yet answered. Requests are held by a slow disk
 * (every fsync of the log delayed through the journal's test-fsync-delay hook) on the real server
 * in its own JVM, and {@code cons} is asked on a socket of its own.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsQueuedTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SLOW_FSYNC = "-Dwarden.persistence.journal.test-fsync-delay=1500ms";
    private static final int WRITES = 5;

    @TempDir
    Path tmp;
    private ScriptedNode node;
    private ZooKeeper zk;

    @BeforeAll
    static void needsBash() {
        ScriptHarness.assumeBash();
    }

    @BeforeEach
    void layout() throws IOException {
        node = ScriptedNode.layOut(tmp);
        node.writeConfig("dataDir=../data", "clientPort=" + node.port(), "admin.enableServer=false",
                "4lw.commands.whitelist=*");
    }

    @AfterEach
    void stopWhatWeStarted() throws Exception {
        if (zk != null) {
            zk.close(1000);
        }
        node.stopOrKill();
    }

    @Test
    void consCountsRequestsHeldBehindASlowFsyncAndZeroOnceAnswered() throws Exception {
        node.start(SLOW_FSYNC);
        zk = new ZooKeeper("127.0.0.1:" + node.port(), 30_000, event -> { });
        ZooKeeper client = zk;
        await("connected").atMost(WAIT).until(() -> client.getState().isConnected());
        long sessionId = zk.getSessionId();

        CountDownLatch answered = new CountDownLatch(WRITES);
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < WRITES; i++) {
            zk.create("/held-" + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                    (rc, path, ctx, name) -> {
                        if (rc != 0) {
                            failures.incrementAndGet();
                        }
                        answered.countDown();
                    }, null);
        }
        // the writes wait for their fsync (1.5 s each batch): cons sees them queued on our connection
        await("cons shows the held writes").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> answered.getCount() == 0 || queuedOf(sessionId) > 0);
        assertTrue(answered.getCount() > 0, "cons never showed the writes queued while their fsync held them");
        long queued = queuedOf(sessionId);
        assertTrue(queued >= 1 && queued <= WRITES, "queued=" + queued);

        assertTrue(answered.await(WAIT.toSeconds(), TimeUnit.SECONDS), "every write answered");
        assertEquals(0, failures.get());
        assertEquals(0, queuedOf(sessionId), "nothing is queued once every request is answered");
    }

    /** The queued count cons gives for the connection of this session. */
    private long queuedOf(long sessionId) throws IOException {
        String cons = node.fourLetterWord("cons");
        Pattern line = Pattern.compile("\\(queued=(\\d+),recved=\\d+,sent=\\d+,sid=0x" + Long.toHexString(sessionId) + ",");
        Matcher m = line.matcher(cons);
        assertTrue(m.find(), "cons lists our session: " + cons);
        return Long.parseLong(m.group(1));
    }
}
