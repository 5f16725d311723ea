package io.warden.actors.peer;

import io.warden.actors.election.PeerState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.warden.actors.peer.ElectionSetup.FAILOVER_BOUND_MS;
import static io.warden.actors.peer.ElectionSetup.REJOIN_BOUND_MS;
import static io.warden.actors.peer.ElectionSetup.TICK_MS;
import static io.warden.actors.peer.ElectionSetup.freePort;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three peers in three JVMs over Artery on loopback; the leader is killed with SIGKILL, so
 * nothing is said on its way out (unlike a terminated ActorSystem, which tells its peers): the
 * others notice only the missing pings, elect another leader within the bound, and a new JVM on
 * the same port rejoins and follows it.
 */
class ForkedElectionTest {
    private final Map<Long, Process> processes = new ConcurrentHashMap<>();
    /** The last status line of each running peer. */
    private final Map<Long, String> statuses = new ConcurrentHashMap<>();
    private final List<String> peerArgs = new ArrayList<>();
    private final Map<Long, CountDownLatch> readiness = new ConcurrentHashMap<>();
    /** When each peer's endpoint ran (System.nanoTime). */
    private final Map<Long, Long> startedAt = new ConcurrentHashMap<>();

    @AfterEach
    void killAll() throws InterruptedException {
        for (Process p : processes.values()) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Forks peer {@code sid}; returns once its Artery is bound. */
    private void fork(long sid) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), PeerProcess.class.getName(),
                Long.toString(sid), Integer.toString(TICK_MS)));
        command.addAll(peerArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.put(sid, process);
        CountDownLatch ready = new CountDownLatch(1);
        readiness.put(sid, ready);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (line.equals("STARTED")) {
                        startedAt.put(sid, System.nanoTime());
                    } else if (line.startsWith("STATUS ") && processes.get(sid) == process) {
                        statuses.put(sid, line);
                    } else if (line.contains("ERROR") || line.contains("Exception")) {
                        System.out.println("peer " + sid + ": " + line);
                    }
                }
            } catch (IOException e) {
                // the process was killed: its output ends
            }
        }, "peer-" + sid + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the elections of these forked peers together, once all of them are bound. */
    private void go(long... sids) throws IOException, InterruptedException {
        for (long sid : sids) {
            assertTrue(readiness.get(sid).await(60, TimeUnit.SECONDS), "peer " + sid + " did not start");
        }
        for (long sid : sids) {
            processes.get(sid).getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
            processes.get(sid).getOutputStream().flush();
        }
    }

    private void kill(long sid) throws InterruptedException {
        Process process = processes.remove(sid);
        statuses.remove(sid);
        process.destroyForcibly(); // SIGKILL: no goodbye to the other peers
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }

    private boolean ledBy(long leader) {
        for (long sid : processes.keySet()) {
            PeerState state = sid == leader ? PeerState.LEADING : PeerState.FOLLOWING;
            String status = statuses.get(sid);
            if (status == null || !status.startsWith("STATUS " + state + " " + leader + " ")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theKilledLeaderIsReplacedWithinTheBound_andItsRestartRejoins() throws Exception {
        Set<Integer> ports = new HashSet<>();
        for (long sid = 1; sid <= 3; sid++) {
            peerArgs.add(sid + ":" + freePort(ports) + ":" + freePort(ports));
        }
        for (long sid = 1; sid <= 3; sid++) {
            fork(sid);
        }
        go(1, 2, 3);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> ledBy(3));

        kill(3);
        long killedAt = System.nanoTime();
        await().atMost(Duration.ofMillis(FAILOVER_BOUND_MS)).pollInterval(Duration.ofMillis(20)).until(() -> ledBy(2));
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

        fork(3);
        go(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> startedAt.containsKey(3L));
        await().atMost(Duration.ofMillis(REJOIN_BOUND_MS)).pollInterval(Duration.ofMillis(20)).until(() -> ledBy(2));
        long rejoinMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt.get(3L));
        System.out.println("forked election: failover after SIGKILL " + failoverMs + " ms (bound " + FAILOVER_BOUND_MS
                + "), rejoin of the restarted JVM " + rejoinMs + " ms after its endpoint ran (bound " + REJOIN_BOUND_MS
                + ")");
    }
}
