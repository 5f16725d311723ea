package io.warden.actors.server;

import io.warden.actors.config.ServerConfig;
import io.warden.actors.election.ElectionTiming;
import io.warden.actors.endpoint.ClientEndpoint;
import io.warden.actors.endpoint.ConnectionRegistry;
import io.warden.actors.endpoint.ServerStats;
import io.warden.actors.ensemble.NodeContext;
import io.warden.actors.ensemble.NodeRoles;
import io.warden.actors.ensemble.ServingSwitch;
import io.warden.actors.peer.PeerTransport;
import io.warden.actors.peer.QuorumPeer;
import io.warden.actors.session.SessionPasswords;
import io.warden.api.data.Zxid;
import io.warden.persistence.replica.ReplicaLog;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The root of an ensemble member: recovers the replica log (its logged but uncommitted proposals
 * stay pending: the next leader's sync commits or truncates them), binds the client port (which
 * serves only while a role does, see {@link ServingSwitch}), then starts the peer's endpoint,
 * which elects and runs the roles. The log and the peer outlive every role; if either stops,
 * the node stops.
 */
final class EnsembleGuardian extends AbstractBehavior<EnsembleGuardian.Command> {

    sealed interface Command {}

    private record FromLog(ReplicaLog.Output output) implements Command {}

    private record Bound(ClientEndpoint.BindResult result) implements Command {}

    static Behavior<Command> create(ServerConfig config, NodeParts parts, CompletableFuture<InetSocketAddress> started) {
        return Behaviors.setup(context -> new EnsembleGuardian(context, config, parts, started));
    }

    private final ServerConfig config;
    private final NodeParts parts;
    private final CompletableFuture<InetSocketAddress> started;
    private final ActorRef<ReplicaLog.Command> log;
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final ServerStats stats = new ServerStats();
    private final ServingSwitch serving = new ServingSwitch(connections);
    private final AtomicInteger clientPort = new AtomicInteger();
    private ActorRef<QuorumPeer.Command> peer;

    private EnsembleGuardian(ActorContext<Command> context, ServerConfig config, NodeParts parts,
                             CompletableFuture<InetSocketAddress> started) {
        super(context);
        this.config = config;
        this.parts = parts;
        this.started = started;
        ActorRef<ReplicaLog.Output> outputs = context.messageAdapter(ReplicaLog.Output.class, FromLog::new);
        this.log = context.spawn(ReplicaLog.create(WardenServer.persistenceId(config), outputs, parts.replicaSettings()),
                "replica-log");
        context.watch(log);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(FromLog.class, m -> onLogOutput(m.output()))
                .onMessage(Bound.class, this::onBound)
                .onSignal(ChildFailed.class, f -> fail(new IllegalStateException(f.getRef().path().name() + " failed",
                        f.cause())))
                .onSignal(Terminated.class, t -> fail(new IllegalStateException(t.getRef().path().name() + " stopped")))
                .build();
    }

    private Behavior<Command> onLogOutput(ReplicaLog.Output output) {
        if (output instanceof ReplicaLog.Recovered recovered) {
            getContext().getLog().info("Recovered state at zxid {} ({} znodes, {} logged but uncommitted: the leader"
                    + " settles them)", Zxid.toHex(recovered.tree().lastProcessedZxid()), recovered.tree().nodeCount(),
                    recovered.pending().size());
            ActorRef<ClientEndpoint.BindResult> bound = getContext().messageAdapter(ClientEndpoint.BindResult.class,
                    Bound::new);
            getContext().watch(getContext().spawn(ClientEndpoint.create(parts.endpointSettings(), connections, stats,
                    serving::connect, bound), "client-endpoint"));
        } else if (peer != null) {
            peer.tell(new QuorumPeer.LogOutput(output));
        }
        return this;
    }

    private Behavior<Command> onBound(Bound m) {
        if (m.result().failure() != null) {
            return fail(m.result().failure());
        }
        clientPort.set(m.result().address().getPort());
        NodeContext node = new NodeContext(config, log, parts.prepSettings(), parts.sessionSettings(),
                parts.requestSettings(), new SessionPasswords(parts.sessionSecret()), parts.clock(), parts.startedAtMs(),
                stats, connections, serving, clientPort::get,
                NodeContext.EnsembleSettings.fromConfig(getContext().getSystem().settings().config().getConfig("warden.ensemble")));
        QuorumPeer.Settings settings = QuorumPeer.Settings.of(config.ensemble(), config.timing(), ElectionTiming.DEFAULT);
        peer = PeerTransport.startEndpoint(getContext().getSystem(), QuorumPeer.create(settings,
                PeerTransport.remotePeers(getContext().getSystem(), config.ensemble(), config.myid()),
                new NodeRoles(node, getContext().getSystem())));
        getContext().watch(peer);
        io.warden.actors.config.QuorumServer me = config.ensemble().server(config.myid()).orElseThrow();
        io.warden.actors.ensemble.LeaderLink.accept(getContext().getSystem(),
                config.ensemble().quorumListenOnAllIPs() ? "0.0.0.0" : me.host(), me.electionPort());
        getContext().getLog().info("Peer {} started on quorum port {}; client port {}", config.myid(),
                config.ensemble().server(config.myid()).orElseThrow().quorumPort(), clientPort.get());
        started.complete(m.result().address());
        return this;
    }

    private Behavior<Command> fail(Throwable cause) {
        return parts.stopNode(getContext().getLog(), started, cause);
    }
}
