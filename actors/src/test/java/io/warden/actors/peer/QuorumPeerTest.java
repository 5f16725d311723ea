package io.warden.actors.peer;

import com.typesafe.config.ConfigFactory;
import io.warden.actors.election.ElectionTiming;
import io.warden.actors.election.PeerState;
import io.warden.actors.election.Voters;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Quorum peers over an in-memory transport on simulated time: voters 1, 2, 3 and observer 4.
 * Each peer is reached through a switch that forwards to its current incarnation, or drops
 * everything while it is down, as a crashed process would.
 */
class QuorumPeerTest {
    private static final ActorTestKit testKit =
            ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
    private static final ManualTime time = ManualTime.get(testKit.system());
    private static final long TICK_MS = 100;
    private static final int INIT_LIMIT = 10;
    private static final int SYNC_LIMIT = 5;
    private static final ElectionTiming TIMING = new ElectionTiming(200, 800);
    private static final QuorumPeer.Settings SETTINGS =
            new QuorumPeer.Settings(Voters.of(1L, 2L, 3L), Set.of(4L), TIMING, TICK_MS, INIT_LIMIT, SYNC_LIMIT);
    /**
     * A step of simulated time between two looks at the peers: half a tick, so that no step fires
     * two ticks at once. (Each step costs 100 ms of real time: ManualTime lets the dispatchers
     * drain after every advance.)
     */
    private static final long STEP_MS = TICK_MS / 2;

    private final Map<Long, AtomicReference<ActorRef<QuorumPeer.Command>>> incarnations = new HashMap<>();
    private final Map<Long, ActorRef<Object>> links = new HashMap<>();
    private final TestProbe<QuorumPeer.Status> statusProbe = testKit.createTestProbe();
    private int spawned;

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @AfterEach
    void crashAll() {
        incarnations.keySet().forEach(this::crash);
    }

    /** What a switch is told besides the messages it carries. */
    private record Attach(ActorRef<QuorumPeer.Command> incarnation) {
    }

    private enum Detach { INSTANCE }

    /**
     * The in-memory link to one peer. Before the peer's first start it holds messages (as a
     * connection being established would: Artery queues until its handshake), so peers started
     * one after the other all hear each other's first notifications; while the peer is down it
     * drops them, as a crashed process does.
     */
    private static Behavior<Object> link(ActorRef<QuorumPeer.Command> target, List<PeerMessage> held, boolean started) {
        return Behaviors.receive((context, message) -> {
            if (message instanceof Attach a) {
                held.forEach(m -> a.incarnation().tell(m));
                return link(a.incarnation(), new ArrayList<>(), true);
            } else if (message == Detach.INSTANCE) {
                return link(null, held, started);
            }
            PeerMessage m = (PeerMessage) message;
            if (target != null) {
                target.tell(m);
            } else if (!started && held.size() < 1_000) {
                held.add(m);
            }
            return Behaviors.same();
        });
    }

    private void ensemble(Map<Long, Long> zxids) {
        for (long sid = 1; sid <= 4; sid++) {
            AtomicReference<ActorRef<QuorumPeer.Command>> incarnation = new AtomicReference<>();
            incarnations.put(sid, incarnation);
            links.put(sid, testKit.spawn(link(null, new ArrayList<>(), false)));
        }
        zxids.forEach(this::start);
    }

    private void start(long sid, long lastLoggedZxid) {
        Map<Long, ActorRef<PeerMessage>> others = new HashMap<>();
        links.forEach((other, link) -> {
            if (other != sid) {
                others.put(other, link.narrow());
            }
        });
        ActorRef<Object> link = links.get(sid);
        // the link learns the new incarnation before it sends anything, so no answer is lost
        ActorRef<QuorumPeer.Command> peer = testKit.spawn(Behaviors.setup(context -> {
            link.tell(new Attach(context.getSelf()));
            return QuorumPeer.create(SETTINGS, new QuorumPeer.LogPosition(lastLoggedZxid, 0), new Peers(sid, others));
        }), "peer-" + sid + "-" + (++spawned));
        incarnations.get(sid).set(peer);
    }

    private void crash(long sid) {
        ActorRef<QuorumPeer.Command> peer = incarnations.get(sid).getAndSet(null);
        if (peer != null) {
            links.get(sid).tell(Detach.INSTANCE);
            testKit.stop(peer);
        }
    }

    private Map<Long, QuorumPeer.Status> statuses() {
        Map<Long, QuorumPeer.Status> all = new TreeMap<>();
        incarnations.forEach((sid, incarnation) -> {
            ActorRef<QuorumPeer.Command> peer = incarnation.get();
            if (peer != null) {
                peer.tell(new QuorumPeer.GetStatus(statusProbe.ref()));
                all.put(sid, statusProbe.receiveMessage());
            }
        });
        return all;
    }

    /** Lets simulated time pass in small steps until the peers look as wanted; returns the time it took. */
    private long advanceUntil(Predicate<Map<Long, QuorumPeer.Status>> wanted, long boundMs) {
        for (long elapsed = 0; elapsed <= boundMs; elapsed += STEP_MS) {
            Map<Long, QuorumPeer.Status> now = statuses();
            if (wanted.test(now)) {
                return elapsed;
            }
            time.timePasses(Duration.ofMillis(STEP_MS));
        }
        return fail("not settled within " + boundMs + " ms of simulated time: " + statuses());
    }

    /**
     * Lets simulated time pass in small steps, checking the peers at each: one big jump would
     * fire every tick at once, before any ping could arrive in between.
     */
    private void holdFor(Predicate<Map<Long, QuorumPeer.Status>> wanted, long durationMs) {
        for (long elapsed = 0; elapsed <= durationMs; elapsed += STEP_MS) {
            Map<Long, QuorumPeer.Status> now = statuses();
            assertTrue(wanted.test(now), "after " + elapsed + " ms: " + now);
            time.timePasses(Duration.ofMillis(STEP_MS));
        }
    }

    private static Predicate<Map<Long, QuorumPeer.Status>> led(long leader) {
        return all -> all.values().stream().allMatch(s -> s.leader() == leader && s.state() == (s.sid() == leader
                ? PeerState.LEADING : s.sid() == 4 ? PeerState.OBSERVING : PeerState.FOLLOWING));
    }

    /** Detecting a silent leader (syncLimit ticks and one more), then an election with one lost round. */
    private static final long FAILOVER_BOUND_MS = (SYNC_LIMIT + 2) * TICK_MS + TIMING.finalizeWaitMs()
            + TIMING.maxNotificationIntervalMs();

    @Test
    void equalLogs_theHighestSidLeads_votersFollowAndTheObserverObserves() {
        ensemble(Map.of(1L, 0L, 2L, 0L, 3L, 0L, 4L, 0L));
        advanceUntil(led(3), 2_000);
        // and it stays so: pings keep every peer in place
        holdFor(led(3), (INIT_LIMIT + 2) * TICK_MS);
    }

    @Test
    void theLongestLogLeads_beforeAHigherSid() {
        ensemble(Map.of(1L, 0x1_0000_0005L, 2L, 0x1_0000_0002L, 3L, 0x1_0000_0002L, 4L, 0x1_0000_0009L));
        advanceUntil(led(1), 2_000);
    }

    @Test
    void theLeaderCrashes_theOtherTwoElectAnotherWithinTheBound_andTheRestartedPeerFollowsIt() {
        ensemble(Map.of(1L, 0L, 2L, 0L, 3L, 0L, 4L, 0L));
        advanceUntil(led(3), 2_000);
        holdFor(led(3), 3 * TICK_MS); // the leader pinged: syncLimit applies, not initLimit
        crash(3);
        long failoverMs = advanceUntil(led(2), FAILOVER_BOUND_MS);
        System.out.println("in-memory failover took " + failoverMs + " ms of simulated time (bound "
                + FAILOVER_BOUND_MS + ")");
        long round = statuses().get(2L).electionEpoch();
        start(3, 0);
        // settled peers answer the restarted one at once: no round of its own is needed
        long rejoinMs = advanceUntil(led(2), TICK_MS);
        assertEquals(round, statuses().get(2L).electionEpoch(), "the leader was not disturbed");
        assertTrue(rejoinMs <= TICK_MS, "rejoined in " + rejoinMs + " ms");
    }

    @Test
    void aLeaderThatLosesItsQuorum_stepsDown() {
        ensemble(Map.of(1L, 0L, 2L, 0L, 3L, 0L, 4L, 0L));
        advanceUntil(led(3), 2_000);
        holdFor(led(3), 3 * TICK_MS); // the followers pinged: syncLimit applies, not initLimit
        crash(1);
        crash(2);
        advanceUntil(all -> all.get(3L).state() == PeerState.LOOKING, (SYNC_LIMIT + 2) * TICK_MS);
        // the observer follows it down once the pings stop
        advanceUntil(all -> all.get(4L).state() == PeerState.LOOKING, (SYNC_LIMIT + 2) * TICK_MS);
    }
}
