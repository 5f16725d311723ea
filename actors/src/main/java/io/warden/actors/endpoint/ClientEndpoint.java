package io.warden.actors.endpoint;

import io.warden.actors.session.Session;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;

/**
 * The client port: binds it, and for each accepted connection spawns a {@link Session} and
 * wires the socket to it. Inbound bytes are framed and handed to the session with an ack
 * protocol (backpressure); outbound frames come from the connection's bounded queue,
 * coalesced into larger TCP writes when the socket is the bottleneck.
 */
public final class ClientEndpoint extends AbstractBehavior<ClientEndpoint.Command> {

    public sealed interface Command {}

    private record Accepted(Tcp.IncomingConnection connection) implements Command {}

    private record BindingFailed(Throwable cause) implements Command {}

    private record Bound(Tcp.ServerBinding binding) implements Command {}

    /** Unbinds the port; existing connections are left to their sessions. */
    public record Unbind(ActorRef<Unbound> replyTo) implements Command {}

    public enum Unbound { INSTANCE }

    /**
     * @param maxFrameBytes    jute.maxbuffer
     * @param maxClientCnxns   connections allowed from one address (0 = no limit)
     * @param maxCnxns         connections allowed in total (0 = no limit)
     * @param maxQueuedBytes   bytes one connection may have waiting to be written
     * @param maxQueuedFrames  frames one connection may have waiting to be written
     * @param listenBacklog    the accept backlog of the listening socket (clientPortListenBacklog,
     *                         or ClientService's bound when that is unset)
     */
    public record Settings(InetSocketAddress bindAddress, int maxFrameBytes, int maxClientCnxns, int maxCnxns,
                           long maxQueuedBytes, int maxQueuedFrames, int listenBacklog) {}

    /**
     * @param onBound told once the port is bound (with the bound address) or binding failed
     */
    public static Behavior<Command> create(Settings settings, ConnectionRegistry registry, ServerStats stats,
                                           Function<Connection, Behavior<Session.Command>> sessions,
                                           ActorRef<BindResult> onBound) {
        return Behaviors.setup(context -> new ClientEndpoint(context, settings, registry, stats, sessions, onBound));
    }

    /** Where the endpoint listens, or why it could not. */
    public record BindResult(InetSocketAddress address, Throwable failure) {}

    private static final int WRITE_BATCH_BYTES = 64 * 1024;
    /**
     * Frames that arrive while the session works on the previous batch join the next one, up to
     * this weight (~12 setData of 1 KiB,
     * ~50 small reads). It bounds what a connection buffers beyond the framer's one frame.
     * Each item weighs its payload plus {@link ConnectionStage#ITEM_WEIGHT}.
     */
    private static final long INBOUND_BATCH_WEIGHT = 16 * 1024;

    private final Settings settings;
    private final ConnectionRegistry registry;
    private final ServerStats stats;
    private final Function<Connection, Behavior<Session.Command>> sessions;
    private final ActorRef<BindResult> onBound;
    private final Materializer materializer;
    private Tcp.ServerBinding binding;

    private ClientEndpoint(ActorContext<Command> context, Settings settings, ConnectionRegistry registry,
                           ServerStats stats, Function<Connection, Behavior<Session.Command>> sessions,
                           ActorRef<BindResult> onBound) {
        super(context);
        this.settings = settings;
        this.registry = registry;
        this.stats = stats;
        this.sessions = sessions;
        this.onBound = onBound;
        this.materializer = Materializer.createMaterializer(context);
        ActorRef<Command> self = context.getSelf();
        // Half-close on: a client that sends a four-letter word and shuts its side still gets the answer.
        Tcp.get(context.getSystem()).bind(settings.bindAddress().getHostString(), settings.bindAddress().getPort(),
                        settings.listenBacklog(), List.of(), true, scala.concurrent.duration.Duration.Inf())
                .to(Sink.foreach(incoming -> self.tell(new Accepted(incoming))))
                .run(materializer)
                .whenComplete((bound, failure) -> self.tell(failure == null ? new Bound(bound) : new BindingFailed(failure)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Bound.class, this::onBound)
                .onMessage(BindingFailed.class, this::onBindingFailed)
                .onMessage(Accepted.class, this::onAccepted)
                .onMessage(Unbind.class, this::onUnbind)
                .build();
    }

    private Behavior<Command> onBound(Bound m) {
        binding = m.binding();
        getContext().getLog().info("Client port bound at {}", binding.localAddress());
        onBound.tell(new BindResult(binding.localAddress(), null));
        return this;
    }

    private Behavior<Command> onBindingFailed(BindingFailed m) {
        getContext().getLog().error("Cannot bind the client port {}: {}", settings.bindAddress(), m.cause().getMessage());
        onBound.tell(new BindResult(null, m.cause()));
        return Behaviors.stopped();
    }

    private Behavior<Command> onAccepted(Accepted m) {
        Tcp.IncomingConnection incoming = m.connection();
        InetSocketAddress remote = incoming.remoteAddress();
        // ZooKeeper's two limits, with its log lines: the total first, then per client address.
        if (settings.maxCnxns() > 0 && registry.size() >= settings.maxCnxns()) {
            getContext().getLog().warn("Too many connections - max is {}", settings.maxCnxns());
            return refuse(incoming);
        }
        if (settings.maxClientCnxns() > 0 && registry.countFrom(remote.getAddress()) >= settings.maxClientCnxns()) {
            getContext().getLog().warn("Too many connections from {} - max is {}", remote.getAddress(), settings.maxClientCnxns());
            return refuse(incoming);
        }
        Connection connection = new Connection(remote, settings.maxQueuedFrames(), settings.maxQueuedBytes(),
                System.currentTimeMillis(), stats);
        registry.add(connection);
        ActorRef<Session.Command> session = getContext().spawnAnonymous(sessions.apply(connection));
        // One stage per connection between the socket and the session (see ConnectionStage).
        incoming.handleWith(Flow.fromGraph(connection.stage(session, settings.maxFrameBytes(), INBOUND_BATCH_WEIGHT,
                WRITE_BATCH_BYTES)), materializer);
        return this;
    }

    /** Closes a connection over a limit without reading from it or answering. */
    private Behavior<Command> refuse(Tcp.IncomingConnection incoming) {
        incoming.handleWith(Flow.fromSinkAndSource(Sink.cancelled(), Source.empty()), materializer);
        return this;
    }

    private Behavior<Command> onUnbind(Unbind m) {
        if (binding == null) {
            m.replyTo().tell(Unbound.INSTANCE);
            return Behaviors.stopped();
        }
        binding.unbind().whenComplete((ok, failure) -> m.replyTo().tell(Unbound.INSTANCE));
        return Behaviors.stopped();
    }
}
