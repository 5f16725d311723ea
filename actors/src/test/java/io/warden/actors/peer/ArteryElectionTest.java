package io.warden.actors.peer;

import com.typesafe.config.ConfigFactory;
import io.warden.actors.config.Ensemble;
import io.warden.actors.config.QuorumServer;
import io.warden.actors.election.PeerState;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.warden.actors.peer.ElectionSetup.ELECTION;
import static io.warden.actors.peer.ElectionSetup.FAILOVER_BOUND_MS;
import static io.warden.actors.peer.ElectionSetup.REJOIN_BOUND_MS;
import static io.warden.actors.peer.ElectionSetup.TIMING;
import static io.warden.actors.peer.ElectionSetup.freePort;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three peers, each its own ActorSystem on its own loopback quorum port, over real Artery TCP:
 * they elect the highest sid; when the leader's system ends the other two elect another within a
 * bound derived from the timing; a new system for the third peer on the same port (a new
 * incarnation) rejoins and follows the new leader.
 */
class ArteryElectionTest {
    private final Map<Long, ActorSystem<Void>> systems = new TreeMap<>();
    private final Map<Long, ActorRef<QuorumPeer.Command>> endpoints = new TreeMap<>();
    private Ensemble ensemble;

    @AfterEach
    void terminateAll() {
        // all at once: each system's shutdown waits for its peers' flush acknowledgements
        systems.values().forEach(ActorSystem::terminate);
        systems.values().forEach(s -> s.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join());
        systems.clear();
        endpoints.clear();
    }

    private void start(long sid) {
        startSystem(sid);
        startPeer(sid);
    }

    /** Binds the peer's quorum port; its QuorumPeer starts separately. */
    private void startSystem(long sid) {
        systems.put(sid, ActorSystem.create(Behaviors.empty(), PeerTransport.SYSTEM_NAME,
                PeerTransport.pekkoConfig(ensemble, sid).withFallback(ConfigFactory.load())));
    }

    private void startPeer(long sid) {
        ActorSystem<Void> system = systems.get(sid);
        Peers peers = PeerTransport.remotePeers(system, ensemble, sid);
        ActorRef<QuorumPeer.Command> endpoint = PeerTransport.startEndpoint(system, QuorumPeer.create(
                QuorumPeer.Settings.of(ensemble, TIMING, ELECTION), new QuorumPeer.LogPosition(0, 0), peers));
        endpoints.put(sid, endpoint);
    }

    private void terminate(long sid) {
        ActorSystem<Void> system = systems.remove(sid);
        endpoints.remove(sid);
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private QuorumPeer.Status status(long sid) {
        return AskPattern.<QuorumPeer.Command, QuorumPeer.Status>ask(endpoints.get(sid), QuorumPeer.GetStatus::new,
                Duration.ofSeconds(5), systems.get(sid).scheduler()).toCompletableFuture().join();
    }

    /** Every running peer follows {@code leader}, which leads. */
    private boolean ledBy(long leader) {
        for (long sid : systems.keySet()) {
            QuorumPeer.Status s = status(sid);
            PeerState expected = sid == leader ? PeerState.LEADING : PeerState.FOLLOWING;
            if (s.state() != expected || s.leader() != leader) {
                return false;
            }
        }
        return true;
    }

    @Test
    void threeSystemsElectTheHighestSid_replaceALostLeaderInTime_andARestartedPeerRejoins() {
        Set<Integer> ports = new HashSet<>();
        List<QuorumServer> servers = new ArrayList<>();
        for (long sid = 1; sid <= 3; sid++) {
            servers.add(QuorumServer.participant(sid, "127.0.0.1", freePort(ports), freePort(ports)));
        }
        ensemble = Ensemble.of(servers);
        // every system is up before any election starts: a system takes a second or more to
        // start here, and two peers that meet first would rightly elect one of themselves
        for (long sid = 1; sid <= 3; sid++) {
            startSystem(sid);
        }
        for (long sid = 1; sid <= 3; sid++) {
            startPeer(sid);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> ledBy(3));
        // the pings over Artery keep it so, past initLimit
        long holdMs = TIMING.initLimitMs() + 2L * TIMING.tickTimeMs();
        await().during(Duration.ofMillis(holdMs)).atMost(Duration.ofMillis(holdMs + 5_000))
                .pollInterval(Duration.ofMillis(50)).until(() -> ledBy(3));

        terminate(3);
        long lostAt = System.nanoTime();
        await().atMost(Duration.ofMillis(FAILOVER_BOUND_MS)).pollInterval(Duration.ofMillis(20)).until(() -> ledBy(2));
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt);
        long round = status(2).electionEpoch();

        start(3);
        long restartedAt = System.nanoTime();
        await().atMost(Duration.ofMillis(REJOIN_BOUND_MS)).pollInterval(Duration.ofMillis(20)).until(() -> ledBy(2));
        long rejoinMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
        System.out.println("Artery election: failover " + failoverMs + " ms (bound " + FAILOVER_BOUND_MS
                + "), rejoin of a restarted peer " + rejoinMs + " ms (bound " + REJOIN_BOUND_MS + ")");
        assertEquals(round, status(2).electionEpoch(), "the restarted peer joined without a new round");
        assertEquals(round, status(3).electionEpoch());
        assertTrue(failoverMs >= TIMING.syncLimitMs(), "the followers waited syncLimit before giving up: " + failoverMs);
    }
}
