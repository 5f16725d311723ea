package io.warden.actors.peer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.actors.config.Ensemble;
import io.warden.actors.config.HostPort;
import io.warden.actors.config.QuorumServer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;

import java.util.HashMap;
import java.util.Map;

/**
 * How peers reach each other over Pekko Artery TCP (ADR 0016): Artery binds each server's
 * quorum port, every node's ActorSystem has the same name, and each peer's endpoint (its
 * {@link QuorumPeer}) lives at a fixed system path, so the address of every other peer follows
 * from its {@code server.N} line alone. No cluster membership, no seed nodes, no downing: a peer
 * that restarts (a new incarnation on the same host:port) is reached at the same path as soon as
 * Artery has handshaken with it, and a peer that never returns only costs the messages sent to it.
 */
public final class PeerTransport {
    /** Every peer's ActorSystem has this name: it is part of every peer's address. */
    public static final String SYSTEM_NAME = "warden";
    /** The endpoint's name under {@code /system}. */
    public static final String ENDPOINT_NAME = "warden-peer";
    /**
     * Artery retries a refused connection after this backoff (doubling up to five times it). The
     * default, one second, would leave a restarted peer unanswered for up to five seconds; the
     * outbound stream still fails at most about once in three seconds to a peer that is down,
     * well inside Artery's limit of five restarts in five seconds that would end the system.
     */
    static final String OUTBOUND_RESTART_BACKOFF = "500ms";

    private PeerTransport() {
    }

    /**
     * Pekko's settings for peer {@code myid} of {@code ensemble}, to lay over the node's own:
     * remote provider, Artery TCP on this server's quorum port, canonical host as written on its
     * {@code server.N} line (peers address it by exactly that string), and no Java serialization.
     */
    public static Config pekkoConfig(Ensemble ensemble, long myid) {
        return pekkoConfig(ensemble, myid, 1 << 20);
    }

    /**
     * As {@link #pekkoConfig(Ensemble, long)}, for proposals and forwarded requests of up to
     * {@code maxPacketBytes} (jute.maxbuffer). Artery's ordinary frames stop at 256 KiB, so the
     * peer endpoint is a large-message destination: every peer message, election and ZAB alike,
     * rides the one large-message connection per pair, which keeps their order, in frames of
     * twice that size (at least 2 MiB) from a pool of 32.
     */
    public static Config pekkoConfig(Ensemble ensemble, long myid, int maxPacketBytes) {
        QuorumServer me = ensemble.server(myid).orElseThrow(() -> new IllegalArgumentException(
                "myid " + myid + " has no server." + myid + " line"));
        Map<String, Object> settings = new HashMap<>();
        settings.put("pekko.actor.provider", "remote");
        settings.put("pekko.actor.allow-java-serialization", "off");
        // Remoting without cluster is the chosen design (ADR 0016), not an oversight to warn about.
        settings.put("pekko.remote.warn-about-direct-use", "off");
        settings.put("pekko.remote.artery.transport", "tcp");
        settings.put("pekko.remote.artery.canonical.hostname", me.host());
        settings.put("pekko.remote.artery.canonical.port", me.quorumPort());
        settings.put("pekko.remote.artery.bind.hostname", ensemble.quorumListenOnAllIPs() ? "0.0.0.0" : "");
        settings.put("pekko.remote.artery.bind.port", "");
        settings.put("pekko.remote.artery.advanced.tcp.connection-timeout", ensemble.cnxTimeoutMs() + "ms");
        settings.put("pekko.remote.artery.advanced.outbound-restart-backoff", OUTBOUND_RESTART_BACKOFF);
        long frameBytes = Math.max(2L << 20, 2L * maxPacketBytes + 64 * 1024);
        settings.put("pekko.remote.artery.advanced.maximum-large-frame-size", Math.min(frameBytes, Integer.MAX_VALUE / 2) + "b");
        settings.put("pekko.remote.artery.large-message-destinations", java.util.List.of("/system/" + ENDPOINT_NAME));
        // the lane's queue holds messages waiting for the connection (and drops what overflows):
        // 256 by default, too few for a burst of proposals to a learner that is catching up
        settings.put("pekko.remote.artery.advanced.outbound-large-message-queue-size", 4096);
        return ConfigFactory.parseMap(settings);
    }

    /** The path of {@code server}'s endpoint, e.g. {@code pekko://warden@host:2888/system/warden-peer}. */
    public static String endpointPath(QuorumServer server) {
        return "pekko://" + SYSTEM_NAME + "@" + new HostPort(server.host(), server.quorumPort()) + "/system/"
                + ENDPOINT_NAME;
    }

    /**
     * Every other member of {@code ensemble} as remote references resolved from their static
     * paths. The references carry no incarnation, so they keep reaching whichever incarnation of
     * each peer is running.
     */
    public static Peers remotePeers(ActorSystem<?> system, Ensemble ensemble, long myid) {
        ActorRefResolver resolver = ActorRefResolver.get(system);
        Map<Long, ActorRef<PeerMessage>> refs = new HashMap<>();
        for (QuorumServer server : ensemble.servers()) {
            if (server.sid() != myid) {
                refs.put(server.sid(), resolver.resolveActorRef(endpointPath(server)));
            }
        }
        return new Peers(myid, refs);
    }

    /** Starts this node's endpoint at its fixed path. */
    public static ActorRef<QuorumPeer.Command> startEndpoint(ActorSystem<?> system, Behavior<QuorumPeer.Command> peer) {
        return system.systemActorOf(peer, ENDPOINT_NAME, Props.empty());
    }
}
