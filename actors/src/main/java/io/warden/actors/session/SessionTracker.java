package io.warden.actors.session;

import io.warden.actors.request.RequestProcessor;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Knows every live session of this server: allocates ids and passwords, checks reconnects,
 * and expires sessions that went quiet for their timeout (by asking the request processor for
 * a closeSession txn, which deletes their ephemerals on every replica).
 *
 * <p>In an ensemble sessions are global and the leader owns them (ZooKeeper's rule): every
 * server learns the sessions the others opened from the applied createSession txns
 * ({@link Learned}), a learner's tracker never expires anything and instead relays the sessions
 * its clients touched to the leader each tick ({@link Mode#learner}), and the leader's tracker
 * expires sessions that no server touched for their timeout.
 */
public final class SessionTracker extends AbstractBehavior<SessionTracker.Command> {

    public sealed interface Command {}

    /** A new client wants a session with this (already negotiated) timeout. */
    public record Create(int timeoutMs, ActorRef<Session.Command> replyTo) implements Command {}

    /** A client reconnects to an existing session. */
    public record Reattach(long sessionId, byte[] password, int timeoutMs, ActorRef<Session.Command> replyTo)
            implements Command {}

    /** A session was active (sent anything) recently. */
    public record Touch(long sessionId) implements Command {}

    /** The session's connection went away; the session lives on until it expires. */
    public record Detached(long sessionId, ActorRef<Session.Command> session) implements Command {}

    /** The client closed its session. */
    public record Closed(long sessionId) implements Command {}

    /** Sessions recovered from the replicated state at start: each gets a fresh timeout. */
    public record Recovered(Map<Long, Integer> timeoutsBySession) implements Command {}

    /** For the dump word: sessions by expiry time. */
    public record GetDump(ActorRef<Dump> replyTo) implements Command {}

    public record Dump(Map<Long, List<Long>> sessionsByDeadline, int sessionCount) {}

    /** An applied createSession txn, possibly of a session another server opened. */
    public record Learned(long sessionId, int timeoutMs) implements Command {}

    /**
     * An applied closeSession the server itself proposed (expiry, on the leader): a connection
     * this server holds for it is closed as expired.
     */
    public record Expired(long sessionId) implements Command {}

    /** What a learner's tracker relays to its leader: the sessions touched since the last relay. */
    public record Touched(List<Long> sessionIds) {}

    /**
     * How this tracker takes part: {@code expires} on a standalone server and on a leader; a
     * learner's tracker relays its touches to {@code relay} instead.
     */
    public record Mode(boolean expires, ActorRef<Touched> relay) {
        public static final Mode STANDALONE = new Mode(true, null);

        public static Mode leader() {
            return STANDALONE;
        }

        public static Mode learner(ActorRef<Touched> relay) {
            return new Mode(false, java.util.Objects.requireNonNull(relay, "relay"));
        }
    }

    private enum Tick implements Command { INSTANCE }

    public static Behavior<Command> create(long myid, SessionPasswords passwords, int tickTimeMs,
                                           ActorRef<RequestProcessor.Command> requests, Clock clock) {
        return create(myid, passwords, tickTimeMs, requests, clock, Mode.STANDALONE);
    }

    public static Behavior<Command> create(long myid, SessionPasswords passwords, int tickTimeMs,
                                           ActorRef<RequestProcessor.Command> requests, Clock clock, Mode mode) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new SessionTracker(context, timers, myid, passwords, tickTimeMs, requests, clock, mode)));
    }

    private final SessionIds ids;
    private final SessionPasswords passwords;
    private final SessionExpiry expiry;
    private final ActorRef<RequestProcessor.Command> requests;
    private final Clock clock;
    private final Map<Long, Integer> timeouts = new HashMap<>();
    private final Map<Long, ActorRef<Session.Command>> attached = new HashMap<>();
    private final Mode mode;
    /** A learner's sessions touched since the last relay; bounded by the sessions it knows. */
    private final java.util.Set<Long> touched = new java.util.LinkedHashSet<>();

    private SessionTracker(ActorContext<Command> context, TimerScheduler<Command> timers, long myid,
                           SessionPasswords passwords, int tickTimeMs, ActorRef<RequestProcessor.Command> requests,
                           Clock clock, Mode mode) {
        super(context);
        this.mode = mode;
        this.ids = new SessionIds(myid, clock.millis());
        this.passwords = passwords;
        this.expiry = new SessionExpiry(tickTimeMs);
        this.requests = requests;
        this.clock = clock;
        timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(tickTimeMs));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Create.class, this::onCreate)
                .onMessage(Reattach.class, this::onReattach)
                .onMessage(Touch.class, this::onTouch)
                .onMessage(Detached.class, this::onDetached)
                .onMessage(Closed.class, this::onClosed)
                .onMessage(Recovered.class, this::onRecovered)
                .onMessage(Learned.class, m -> {
                    learn(m.sessionId(), m.timeoutMs(), clock.millis());
                    return this;
                })
                .onMessage(Expired.class, this::onExpired)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onMessage(GetDump.class, m -> {
                    m.replyTo().tell(new Dump(expiry.byDeadline(), timeouts.size()));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onCreate(Create m) {
        long sessionId = ids.next();
        timeouts.put(sessionId, m.timeoutMs());
        attached.put(sessionId, m.replyTo());
        expiry.touch(sessionId, m.timeoutMs(), clock.millis());
        touched(sessionId);
        m.replyTo().tell(new Session.SessionGranted(sessionId, passwords.passwordFor(sessionId), m.timeoutMs(), false));
        return this;
    }

    private Behavior<Command> onReattach(Reattach m) {
        Integer known = timeouts.get(m.sessionId());
        if (known == null || !passwords.matches(m.sessionId(), m.password())) {
            m.replyTo().tell(new Session.SessionRefused(known == null
                    ? "session 0x" + Long.toHexString(m.sessionId()) + " has expired or never existed"
                    : "wrong password for session 0x" + Long.toHexString(m.sessionId())));
            return this;
        }
        // The client may ask for a different timeout on reconnect; the session keeps the new one.
        timeouts.put(m.sessionId(), m.timeoutMs());
        expiry.touch(m.sessionId(), m.timeoutMs(), clock.millis());
        touched(m.sessionId());
        ActorRef<Session.Command> previous = attached.put(m.sessionId(), m.replyTo());
        if (previous != null && !previous.equals(m.replyTo())) {
            previous.tell(new Session.CloseConnection("session moved to another connection"));
        }
        m.replyTo().tell(new Session.SessionGranted(m.sessionId(), passwords.passwordFor(m.sessionId()), m.timeoutMs(), true));
        return this;
    }

    private Behavior<Command> onTouch(Touch m) {
        Integer timeoutMs = timeouts.get(m.sessionId());
        if (timeoutMs != null) {
            expiry.touch(m.sessionId(), timeoutMs, clock.millis());
            touched(m.sessionId());
        }
        return this;
    }

    /** A learner remembers what to relay: the leader alone decides expiry. */
    private void touched(long sessionId) {
        if (!mode.expires()) {
            touched.add(sessionId);
        }
    }

    private Behavior<Command> onExpired(Expired m) {
        ActorRef<Session.Command> session = attached.get(m.sessionId());
        forget(m.sessionId());
        if (session != null) {
            session.tell(new Session.CloseConnection("session expired"));
        }
        return this;
    }

    private void learn(long sessionId, int timeoutMs, long now) {
        if (!timeouts.containsKey(sessionId)) {
            timeouts.put(sessionId, timeoutMs);
            expiry.touch(sessionId, timeoutMs, now);
        }
    }

    private Behavior<Command> onDetached(Detached m) {
        attached.remove(m.sessionId(), m.session());
        return this;
    }

    private Behavior<Command> onClosed(Closed m) {
        forget(m.sessionId());
        return this;
    }

    private Behavior<Command> onRecovered(Recovered m) {
        long now = clock.millis();
        m.timeoutsBySession().forEach((sessionId, timeoutMs) -> learn(sessionId, timeoutMs, now));
        return this;
    }

    private Behavior<Command> onTick() {
        if (!mode.expires()) {
            if (!touched.isEmpty()) {
                mode.relay().tell(new Touched(List.copyOf(touched)));
                touched.clear();
            }
            return this;
        }
        for (long sessionId : expiry.expire(clock.millis())) {
            getContext().getLog().info("Expiring session 0x{}, timeout of {}ms exceeded",
                    Long.toHexString(sessionId), timeouts.get(sessionId));
            ActorRef<Session.Command> session = attached.get(sessionId);
            forget(sessionId);
            if (session != null) {
                session.tell(new Session.CloseConnection("session expired"));
            }
            requests.tell(new RequestProcessor.ExpireSession(sessionId));
        }
        return this;
    }

    private void forget(long sessionId) {
        timeouts.remove(sessionId);
        attached.remove(sessionId);
        expiry.remove(sessionId);
    }
}
