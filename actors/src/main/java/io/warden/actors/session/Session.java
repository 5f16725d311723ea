package io.warden.actors.session;

import io.warden.actors.commit.CommitStage;
import io.warden.actors.endpoint.Connection;
import io.warden.actors.endpoint.Inbound;
import io.warden.actors.request.RequestProcessor;
import io.warden.api.data.Code;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.ConnectRequest;
import io.warden.api.wire.ConnectResponse;
import io.warden.api.wire.Request;
import io.warden.api.wire.Response;
import io.warden.api.wire.WireCodec;
import io.warden.api.wire.WireFormatException;
import io.warden.persistence.prep.SessionAuth;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Serves one client connection and the session it carries: the connect handshake (or a
 * four-letter word), then the session's requests in ZooKeeper's per-session order (see
 * {@link RequestQueue}). One actor per connection; a session that reconnects gets a new actor
 * and the tracker retires the old one, so a session never has two.
 *
 * <p>Inbound frames arrive in small batches (what the socket delivered while the previous batch
 * was being handled) through an ack protocol. The session takes a batch's frames into service
 * while the connection is below its maximum of outstanding requests and the server below its
 * global maximum, keeps the rest in a backlog no larger than one batch, and acks (asks for the
 * next batch) only once the backlog is empty and both bounds allow: past them the socket is not
 * read instead of being buffered. One ack per batch, not per frame, halves the messages a busy
 * connection costs.
 */
public final class Session extends AbstractBehavior<Session.Command> {

    public sealed interface Command {}

    /** Stream protocol: the inbound stream started; each element must be acked. */
    public record StreamStarted(ActorRef<Ack> ackTo) implements Command {}

    /** A batch of inbound items, in arrival order; ack it to get the next batch. */
    public record Received(List<Inbound> items, ActorRef<Ack> ackTo) implements Command {
        public Received {
            items = List.copyOf(items);
        }
    }

    /** The inbound stream ended (client closed, or framing failed: then {@code failure} says why). */
    public record StreamEnded(Throwable failure) implements Command {}

    public enum Ack { INSTANCE }

    /** From the tracker: the session to serve. */
    public record SessionGranted(long sessionId, byte[] password, int timeoutMs, boolean reattached) implements Command {}

    /** From the tracker: the session asked for is gone (expired) or its password is wrong. */
    public record SessionRefused(String reason) implements Command {}

    /** From the tracker: stop serving (the session expired, or moved to another connection). */
    public record CloseConnection(String reason) implements Command {}

    private record FromCommit(CommitStage.Outcome outcome) implements Command {}

    private record WordAnswered(String text) implements Command {}

    private enum Tick implements Command { INSTANCE }

    /** The server was at its global outstanding limit: see whether this connection may read on. */
    private enum LimitRecheck implements Command { INSTANCE }

    private enum HandshakeTimedOut implements Command { INSTANCE }

    private enum State { HANDSHAKE, CONNECTING, SERVING, CLOSING }

    public static Behavior<Command> create(SessionServices services, Connection connection) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new Session(context, timers, services, connection)));
    }

    private final TimerScheduler<Command> timers;
    private final SessionServices services;
    private final Connection connection;
    private final ActorRef<CommitStage.Outcome> outcomes;
    private final RequestQueue<Pending> queue;
    private final RequestExecutor executor;
    private State state = State.HANDSHAKE;
    private ActorRef<Ack> heldAck;
    /** Items of the last batch not yet taken into service (at most one batch). */
    private final ArrayDeque<Inbound> backlog = new ArrayDeque<>(1);
    private long sessionId;
    private byte[] password;
    private int timeoutMs;
    /** Whether the client's connect request carried the read-only flag: the response mirrors it. */
    private boolean readOnlyFlag;
    /**
     * Something arrived since the last Touch, which was sent less than a touch interval ago (the
     * Tick timer runs while such an interval lasts).
     */
    private boolean activeSinceTouch;
    /** A four-letter word is being answered: the session outlives its inbound stream until then. */
    private boolean answeringWord;
    private boolean streamEnded;

    private Session(ActorContext<Command> context, TimerScheduler<Command> timers, SessionServices services,
                    Connection connection) {
        super(context);
        this.timers = timers;
        this.services = services;
        this.connection = connection;
        this.outcomes = context.messageAdapter(CommitStage.Outcome.class, FromCommit::new);
        this.queue = new RequestQueue<>(services.settings().maxOutstandingPerConnection());
        timers.startSingleTimer(HandshakeTimedOut.INSTANCE, Duration.ofMillis(services.settings().handshakeTimeoutMs()));
        this.executor = new RequestExecutor(services, connection, outcomes,
                SessionAuth.connectedFrom(connection.remote().getAddress().getHostAddress()));
    }

    /**
     * One small dispatcher per session instead of a built receive: a session is the one actor
     * every connection has, and a ReceiveBuilder's cases, lists and arrays were a fifth of its
     * heap (issue 12).
     */
    @Override
    public Receive<Command> createReceive() {
        return new Receive<>() {
            @Override
            public Behavior<Command> receiveMessage(Command m) {
                return dispatch(m);
            }

            @Override
            public Behavior<Command> receiveSignal(Signal signal) {
                return Behaviors.unhandled();
            }
        };
    }

    private Behavior<Command> dispatch(Command m) {
        if (m instanceof Received r) {
            return onReceived(r);
        } else if (m instanceof FromCommit c) {
            return onOutcome(c.outcome());
        } else if (m instanceof StreamStarted started) {
            started.ackTo().tell(Ack.INSTANCE);
            return this;
        } else if (m instanceof StreamEnded ended) {
            return onStreamEnded(ended);
        } else if (m instanceof SessionGranted granted) {
            return onGranted(granted);
        } else if (m instanceof SessionRefused refused) {
            return onRefused(refused);
        } else if (m instanceof CloseConnection close) {
            return onCloseConnection(close);
        } else if (m instanceof WordAnswered answered) {
            return onWordAnswered(answered);
        } else if (m == Tick.INSTANCE) {
            return onTick();
        } else if (m == LimitRecheck.INSTANCE) {
            takeBacklog();
            releaseAck();
            return this;
        } else if (m == HandshakeTimedOut.INSTANCE) {
            return onHandshakeTimedOut();
        }
        throw new IllegalStateException("unknown session command " + m);
    }

    private Behavior<Command> onReceived(Received m) {
        activity();
        heldAck = m.ackTo();
        backlog.addAll(m.items());
        takeBacklog();
        releaseAck();
        return this;
    }

    /**
     * Takes backlog items into service while the state and the bounds allow. A connection being
     * set up waits for its session before it reads on; a closing one's items are dropped (the
     * inbound stream reports its end only once everything it buffered was acked, so keeping them
     * would keep this actor, its registry slot and its session alive forever).
     */
    private void takeBacklog() {
        while (!backlog.isEmpty()) {
            switch (state) {
                case HANDSHAKE -> handshake(received(backlog.pollFirst()));
                case SERVING -> {
                    if (!mayTakeRequest()) {
                        return;
                    }
                    serve(received(backlog.pollFirst()));
                }
                case CONNECTING -> {
                    return;
                }
                case CLOSING -> backlog.clear();
            }
        }
    }

    private Inbound received(Inbound item) {
        connection.stats().received();
        services.stats().packetReceived();
        return item;
    }

    private void handshake(Inbound item) {
        if (item instanceof Inbound.Invalid invalid) {
            closeWith(invalid.reason());
            return;
        }
        if (item instanceof Inbound.FourLetterWord word) {
            closing();
            answeringWord = true;
            getContext().pipeToSelf(services.admin().run(word.word(), word.argument()),
                    (text, error) -> new WordAnswered(error == null ? text : "error: " + error.getMessage() + "\n"));
            return;
        }
        ConnectRequest request;
        try {
            request = WireCodec.decodeConnectRequest(((Inbound.Frame) item).payload().asByteBuffer());
        } catch (WireFormatException e) {
            closeWith("malformed connect request: " + e.getMessage());
            return;
        }
        long lastZxid = services.view().current().lastProcessedZxid();
        if (request.lastZxidSeen() > lastZxid) {
            closeWith("client has seen zxid 0x" + Long.toHexString(request.lastZxidSeen())
                    + " but our last zxid is 0x" + Long.toHexString(lastZxid) + "; client must try another server");
            return;
        }
        int timeout = services.settings().negotiateTimeoutMs(request.sessionTimeoutMs());
        readOnlyFlag = request.hasReadOnlyFlag();
        state = State.CONNECTING;
        if (request.sessionId() == 0) {
            services.tracker().tell(new SessionTracker.Create(timeout, getContext().getSelf()));
        } else {
            services.tracker().tell(new SessionTracker.Reattach(request.sessionId(), request.passwd(), timeout,
                    getContext().getSelf()));
        }
    }

    private Behavior<Command> onGranted(SessionGranted m) {
        if (state != State.CONNECTING) {
            return this;
        }
        sessionId = m.sessionId();
        password = m.password();
        timeoutMs = m.timeoutMs();
        connection.stats().session(sessionId, timeoutMs);
        executor.sessionId(sessionId);
        if (m.reattached()) {
            connected();
        } else {
            services.requests().tell(new RequestProcessor.CreateSession(sessionId, timeoutMs, outcomes));
        }
        return this;
    }

    private void connected() {
        state = State.SERVING;
        connection.send(WireCodec.encodeConnectResponse(new ConnectResponse(0, timeoutMs, sessionId, password, false, readOnlyFlag)));
        takeBacklog();
        releaseAck();
    }

    private Behavior<Command> onRefused(SessionRefused m) {
        getContext().getLog().info("Refusing reconnect from {}: {}", connection.remote(), m.reason());
        // A zero timeout and id tell the client its session expired, as ZooKeeper does.
        connection.send(WireCodec.encodeConnectResponse(new ConnectResponse(0, 0, 0, new byte[SessionPasswords.PASSWORD_BYTES], false, readOnlyFlag)));
        closing();
        connection.close();
        return this;
    }

    private void serve(Inbound item) {
        if (item instanceof Inbound.Invalid invalid) {
            closeWith(invalid.reason());
            return;
        }
        if (!(item instanceof Inbound.Frame frame)) {
            closeWith("four-letter word after the handshake");
            return;
        }
        ClientRequest request;
        try {
            request = WireCodec.decodeRequest(frame.payload().asByteBuffer());
        } catch (WireFormatException e) {
            closeWith("malformed request: " + e.getMessage());
            return;
        }
        if (request.request() instanceof Request.Ping) {
            // Pings are answered at once: they prove liveness and must not wait behind slow writes.
            executor.send(request.xid(), lastZxid(), Code.OK, Response.Empty.INSTANCE);
        } else {
            queue.add(new Pending(request, System.nanoTime()));
            outstandingChanged(1);
        }
        pump();
    }

    private Behavior<Command> onOutcome(CommitStage.Outcome outcome) {
        if (state == State.CONNECTING && outcome instanceof CommitStage.WriteCompleted) {
            connected();
            return this;
        }
        Pending entry = executor.complete(queue, outcome);
        if (entry == null && state == State.SERVING) {
            getContext().getLog().debug("Outcome for no outstanding request of session 0x{}: {}",
                    Long.toHexString(sessionId), outcome);
        }
        pump();
        takeBacklog();
        releaseAck();
        return this;
    }

    /** Sends every reply that is due, starts every request that may start. */
    private void pump() {
        queue.flush(this::finish);
        queue.dispatch(executor::start, this::finish);
        queue.flush(this::finish);
    }

    private void finish(Pending entry) {
        outstandingChanged(-1);
        executor.sendReply(entry);
        long latencyMs = (System.nanoTime() - entry.receivedNanos()) / 1_000_000;
        connection.stats().completed(entry.request().request().operation().name(), entry.request().xid(),
                entry.zxid(), System.currentTimeMillis(), latencyMs);
        services.stats().latency().record(latencyMs);
        if (entry.closesSession()) {
            services.tracker().tell(new SessionTracker.Closed(sessionId));
        }
        if (entry.closesConnection()) {
            closing();
            connection.close();
        }
    }

    /** Asks for the next batch once this one is all in service and the bounds allow more. */
    private void releaseAck() {
        boolean wanted = state == State.CLOSING || state == State.SERVING && backlog.isEmpty() && mayTakeRequest();
        if (heldAck != null && wanted) {
            heldAck.tell(Ack.INSTANCE);
            heldAck = null;
        }
    }

    /** Below this connection's and the server's bounds on outstanding requests. */
    private boolean mayTakeRequest() {
        if (queue.isFull()) {
            return false;
        }
        if (services.stats().outstanding() >= services.settings().globalOutstandingLimit()) {
            // Others' completions lower the global count; look again shortly. (A timer of its
            // own: reusing Tick's key would cancel the pending touch that keeps the session alive.)
            timers.startSingleTimer(LimitRecheck.INSTANCE, Duration.ofMillis(10));
            return false;
        }
        return true;
    }

    private Behavior<Command> onHandshakeTimedOut() {
        if (state == State.HANDSHAKE) {
            closeWith("no connect request within " + services.settings().handshakeTimeoutMs() + " ms");
        }
        return this;
    }

    /**
     * The client sent something. The tracker hears of it at once if it has not heard from this
     * session within the last touch interval, else when that interval ends: at most one Touch
     * per interval however busy the session, and no timer at all while it is idle. (A timer
     * per session firing every half tick was most of an idle server's CPU: issue 12.) A Touch
     * is never later than the periodic one it replaces, so no session expires sooner.
     */
    private void activity() {
        if (timers.isTimerActive(Tick.INSTANCE)) {
            activeSinceTouch = true;
        } else if (state == State.SERVING) {
            services.tracker().tell(new SessionTracker.Touch(sessionId));
            timers.startSingleTimer(Tick.INSTANCE, Duration.ofMillis(touchEveryMs()));
        }
    }

    /** Half of the smaller of a tick and a third of the session timeout. */
    private long touchEveryMs() {
        return Math.max(1, Math.min(services.settings().tickTimeMs(), timeoutMs / 3) / 2);
    }

    /** The touch interval ended (a delivered single timer is no longer active). */
    private Behavior<Command> onTick() {
        if (activeSinceTouch && state == State.SERVING) {
            activeSinceTouch = false;
            activity();
        }
        takeBacklog();
        releaseAck();
        return this;
    }

    private Behavior<Command> onWordAnswered(WordAnswered m) {
        connection.send(org.apache.pekko.util.ByteString.fromString(m.text()));
        connection.close();
        answeringWord = false;
        return streamEnded ? cleanUpAndStop() : this;
    }

    private Behavior<Command> onCloseConnection(CloseConnection m) {
        getContext().getLog().info("Closing connection {} of session 0x{}: {}", connection.channelId(),
                Long.toHexString(sessionId), m.reason());
        closing();
        connection.close();
        return this;
    }

    private void closeWith(String reason) {
        getContext().getLog().warn("Closing connection from {}: {}", connection.remote(), reason);
        closing();
        connection.close();
    }

    /** From now on nothing is served; the frame waiting for its ack, if any, is let go (see onReceived). */
    private void closing() {
        state = State.CLOSING;
        backlog.clear();
        if (heldAck != null) {
            heldAck.tell(Ack.INSTANCE);
            heldAck = null;
        }
    }

    private Behavior<Command> onStreamEnded(StreamEnded m) {
        if (m.failure() != null) {
            getContext().getLog().warn("Connection from {} failed: {}", connection.remote(), m.failure().getMessage());
        }
        streamEnded = true;
        return answeringWord ? this : cleanUpAndStop();
    }

    private Behavior<Command> cleanUpAndStop() {
        connection.close();
        outstandingChanged(-queue.clear());
        services.commit().tell(new CommitStage.ChannelClosed(connection, outcomes));
        if (sessionId != 0) {
            services.tracker().tell(new SessionTracker.Detached(sessionId, getContext().getSelf()));
        }
        services.connections().remove(connection);
        return Behaviors.stopped();
    }

    /** The server's outstanding count (srvr, the global limit) and this connection's (cons' queued). */
    private void outstandingChanged(int delta) {
        services.stats().outstandingChanged(delta);
        connection.stats().queuedChanged(delta);
    }

    private long lastZxid() {
        return services.view().current().lastProcessedZxid();
    }
}
