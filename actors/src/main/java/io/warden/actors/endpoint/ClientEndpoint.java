package io.warden.actors.endpoint;

import io.warden.actors.session.Session;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.stream.typed.javadsl.ActorSink;
import org.apache.pekko.util.ByteString;

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
     * @param listenBacklog    clientPortListenBacklog, the accept backlog of the listening socket;
     *                         below 1 = the JVM's default (50), which is what ZooKeeper binds
     *                         when the key is unset
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
     * this weight (payload bytes plus {@link #INBOUND_ITEM_WEIGHT} per item: ~12 setData of 1 KiB,
     * ~50 small reads). It bounds what a connection buffers beyond the framer's one frame.
     */
    private static final long INBOUND_BATCH_WEIGHT = 16 * 1024;
    private static final long INBOUND_ITEM_WEIGHT = 256;

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
        Pair<BoundedSourceQueue<ByteString>, Source<ByteString, NotUsed>> outbound =
                Source.<ByteString>queue(settings.maxQueuedFrames()).preMaterialize(materializer);
        Connection connection = new Connection(remote, outbound.first(), settings.maxQueuedBytes(), System.currentTimeMillis(),
                stats);
        registry.add(connection);
        ActorRef<Session.Command> session = getContext().spawnAnonymous(sessions.apply(connection));
        Sink<ByteString, UniqueKillSwitch> in = Flow.of(ByteString.class)
                .viaMat(KillSwitches.single(), Keep.right())
                .via(new InboundFraming(settings.maxFrameBytes()))
                .batchWeighted(INBOUND_BATCH_WEIGHT, ClientEndpoint::inboundWeight, ClientEndpoint::firstOfBatch,
                        ClientEndpoint::addToBatch)
                .toMat(ActorSink.actorRefWithBackpressure(session,
                        (ActorRef<Session.Ack> ackTo, List<Inbound> items) -> new Session.Received(items, ackTo),
                        Session.StreamStarted::new,
                        Session.Ack.INSTANCE,
                        new Session.StreamEnded(null),
                        Session.StreamEnded::new), Keep.left());
        Source<ByteString, CompletionStage<Done>> out = outbound.second()
                .map(bytes -> {
                    connection.dequeued(bytes.size());
                    return bytes;
                })
                .batchWeighted(WRITE_BATCH_BYTES, bytes -> (long) bytes.size(), bytes -> bytes, ByteString::concat)
                .watchTermination(Keep.right());
        // The read side is cut once everything queued was written, so closing a connection
        // closes the socket instead of leaving it half-open.
        incoming.handleWith(Flow.fromSinkAndSourceMat(in, out, (killSwitch, written) -> {
            written.whenComplete((done, failure) -> killSwitch.shutdown());
            return killSwitch;
        }), materializer);
        return this;
    }

    /** Closes a connection over a limit without reading from it or answering. */
    private Behavior<Command> refuse(Tcp.IncomingConnection incoming) {
        incoming.handleWith(Flow.fromSinkAndSource(Sink.cancelled(), Source.empty()), materializer);
        return this;
    }

    private static long inboundWeight(Inbound item) {
        return INBOUND_ITEM_WEIGHT + (item instanceof Inbound.Frame frame ? frame.payload().size() : 0);
    }

    private static List<Inbound> firstOfBatch(Inbound item) {
        List<Inbound> batch = new ArrayList<>();
        batch.add(item);
        return batch;
    }

    private static List<Inbound> addToBatch(List<Inbound> batch, Inbound item) {
        batch.add(item);
        return batch;
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
