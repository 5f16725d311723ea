package io.warden.actors.peer;

import com.typesafe.config.ConfigFactory;
import io.warden.actors.config.Ensemble;
import io.warden.actors.config.QuorumServer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One peer in a JVM of its own, for {@link ForkedElectionTest}: the same transport and actors
 * as in a node, started without the launcher (which still refuses {@code server.N} lines).
 * Arguments: {@code mySid tickMs sid:quorumPort:electionPort...} on 127.0.0.1. Prints
 * {@code READY} once Artery is bound, starts its peer on a {@code GO} line, prints
 * {@code STARTED} once its endpoint runs and {@code STATUS state leader round} whenever its
 * status changes; ends when its stdin closes, so it never outlives the test.
 */
public final class PeerProcess {
    private PeerProcess() {
    }

    public static void main(String[] args) throws IOException {
        long mySid = Long.parseLong(args[0]);
        int tickMs = Integer.parseInt(args[1]);
        List<QuorumServer> servers = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String[] parts = args[i].split(":");
            servers.add(QuorumServer.participant(Long.parseLong(parts[0]), "127.0.0.1", Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2])));
        }
        Ensemble ensemble = Ensemble.of(servers);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), PeerTransport.SYSTEM_NAME,
                PeerTransport.pekkoConfig(ensemble, mySid).withFallback(ConfigFactory.load()));
        // the test starts every election at once, after every JVM bound its port: JVMs take
        // seconds to start here, and two peers that meet first would rightly elect one of them
        System.out.println("READY");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(stdin.readLine())) {
            system.terminate();
            return;
        }
        ActorRef<QuorumPeer.Command> endpoint = PeerTransport.startEndpoint(system, QuorumPeer.create(
                QuorumPeer.Settings.of(ensemble, ElectionSetup.timing(tickMs), ElectionSetup.ELECTION), new QuorumPeer.LogPosition(0, 0),
                PeerTransport.remotePeers(system, ensemble, mySid)));
        System.out.println("STARTED");
        AtomicReference<String> last = new AtomicReference<>("");
        system.scheduler().scheduleAtFixedRate(Duration.ZERO, Duration.ofMillis(10), () ->
                AskPattern.<QuorumPeer.Command, QuorumPeer.Status>ask(endpoint, QuorumPeer.GetStatus::new,
                        Duration.ofSeconds(5), system.scheduler()).thenAccept(s -> {
                            String line = "STATUS " + s.state() + " " + s.leader() + " " + s.electionEpoch();
                            if (!line.equals(last.getAndSet(line))) {
                                System.out.println(line);
                            }
                        }), system.executionContext());
        while (stdin.readLine() != null) {
            // runs until the test closes our stdin (or kills us)
        }
        system.terminate();
    }
}
