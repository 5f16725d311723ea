package io.warden.actors.peer;

import io.warden.actors.config.Timing;
import io.warden.actors.election.ElectionTiming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;

/**
 * What the election tests over real sockets share ({@link ArteryElectionTest} with one
 * ActorSystem per peer, {@link ForkedElectionTest} with one JVM per peer, run by
 * {@link PeerProcess}): the timing, the bounds derived from it, and free loopback ports.
 */
final class ElectionSetup {
    static final int TICK_MS = 100;
    static final ElectionTiming ELECTION = new ElectionTiming(200, 1_000);
    static final Timing TIMING = timing(TICK_MS);
    /**
     * Detecting the silent leader (syncLimit ticks and one more), an election that loses one
     * round, and an allowance for a loaded 2-core machine (the figure is printed).
     */
    static final long FAILOVER_BOUND_MS = (TIMING.syncLimit() + 2L) * TIMING.tickTimeMs()
            + ELECTION.finalizeWaitMs() + ELECTION.maxNotificationIntervalMs() + 3_000;
    /**
     * A restarted peer, from its endpoint running: Artery's handshake with the new incarnation
     * and a retry of its outbound connection (at most 2.5 s with the backoff PeerTransport sets),
     * then one answer from each settled peer; plus the same allowance.
     */
    static final long REJOIN_BOUND_MS = 2_500 + ELECTION.maxNotificationIntervalMs() + 3_000;

    private ElectionSetup() {
    }

    static Timing timing(int tickMs) {
        return new Timing(tickMs, 10, 5, 10, Timing.DEFAULT_CONTAINER_CHECK_INTERVAL_MS,
                Timing.DEFAULT_CONTAINER_MAX_PER_MINUTE);
    }

    /** A free loopback port not already in {@code taken} (which it joins). */
    static int freePort(Set<Integer> taken) {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                if (taken.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
