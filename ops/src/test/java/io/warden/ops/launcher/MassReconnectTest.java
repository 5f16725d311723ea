package io.warden.ops.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.ops.bench.CuttingProxy;
import io.warden.ops.bench.SessionFleet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mass reconnect against the real server in its own JVM (started by ops/bin/warden-server, as
 * in {@link OverloadBurstTest}), as when a server of an ensemble dies and all its clients move
 * at once: many stock-client sessions, each with one ephemeral znode and a data watch, connect
 * through a TCP proxy ({@link CuttingProxy}); the proxy then closes every connection at once
 * (real sockets: the clients see their connection end, the server sees its clients go), and
 * every client reconnects with its session id and password. No session may be refused or
 * expired, and every ephemeral must still be there, owned by its session.
 *
 * <p>The default run has 2,000 sessions; the soak run 20,000:
 * {@code mvn -B -o -pl ops -am test -Psoak -Dtest='MassReconnectTest#*soak*'
 * -Dsurefire.failIfNoSpecifiedTests=false}. Each run prints its figures on one line starting
 * "MassReconnectTest". zoo.cfg sets maxClientCnxns=0 only because every session comes from one
 * address.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MassReconnectTest {
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private static final int CONNECTING_AT_ONCE = 200;
    private static final long PHASE_TIMEOUT_S = 300;

    @TempDir
    Path tmp;
    private ScriptedNode node;
    private CuttingProxy proxy;
    private SessionFleet fleet;

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
        if (fleet != null) {
            fleet.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        node.stopOrKill();
    }

    @Test
    void everyConnectionCutAtOnce_everySessionReconnectsAndKeepsItsEphemeral() throws Exception {
        run(2_000, "-Xmx512m");
    }

    @Test
    @Tag("soak")
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void everyConnectionCutAtOnce_everySessionReconnectsAndKeepsItsEphemeral_soak() throws Exception {
        run(20_000, "-Xmx1g");
    }

    private void run(int sessions, String jvmFlags) throws Exception {
        node.start(jvmFlags + " -XX:+UseSerialGC");
        proxy = new CuttingProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port()));
        fleet = new SessionFleet("127.0.0.1:" + proxy.address().getPort(), SESSION_TIMEOUT_MS, "/storm");
        long connectNs = fleet.connect(sessions, CONNECTING_AT_ONCE, PHASE_TIMEOUT_S);
        fleet.setUp(PHASE_TIMEOUT_S);
        List<Long> sessionIds = fleet.sessionIds();
        assertEquals(List.of(), fleet.checkEphemerals(PHASE_TIMEOUT_S), "every ephemeral exists before the cut");

        int connectedEvents = fleet.syncConnectedEvents();
        long cutNs = System.nanoTime();
        assertEquals(sessions, proxy.cutAll(), "one proxied connection per session was cut");
        boolean settled = fleet.awaitSyncConnectedEvents(connectedEvents + sessions, PHASE_TIMEOUT_S);
        long reconnectMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutNs);

        assertTrue(settled, "every session reconnected or expired within " + PHASE_TIMEOUT_S + " s: "
                + (fleet.syncConnectedEvents() - connectedEvents) + " reconnected, " + fleet.expiredEvents() + " expired");
        assertEquals(0, fleet.expiredEvents(), "sessions expired across the reconnect");
        assertEquals(sessionIds, fleet.sessionIds(), "every client kept its session");
        assertTrue(fleet.disconnectEvents() >= sessions, "every client saw its connection end");
        await("every client connected").atMost(Duration.ofSeconds(PHASE_TIMEOUT_S))
                .until(() -> fleet.connectedNow() == sessions);
        assertEquals(List.of(), fleet.checkEphemerals(PHASE_TIMEOUT_S), "every ephemeral survived, owned by its session");
        String mntr = node.fourLetterWord("mntr");
        assertTrue(mntr.contains("zk_global_sessions\t" + sessions + "\n"), "the server holds each session once: " + mntr);
        assertEquals("imok", node.fourLetterWord("ruok"));
        System.out.printf("MassReconnectTest: %d sessions connected at %.0f/s; all connections cut, every session"
                        + " connected again after %d ms; 0 expired, 0 ephemerals lost%n", sessions,
                sessions * 1e9 / connectNs, reconnectMs);
    }
}
