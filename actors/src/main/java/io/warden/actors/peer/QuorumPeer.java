package io.warden.actors.peer;

import io.warden.actors.config.Ensemble;
import io.warden.actors.config.QuorumServer;
import io.warden.actors.config.Timing;
import io.warden.actors.election.ElectionEffect.Decided;
import io.warden.actors.election.ElectionTiming;
import io.warden.actors.election.Notification;
import io.warden.actors.election.PeerState;
import io.warden.actors.election.Responder;
import io.warden.actors.election.Voters;
import io.warden.actors.zab.PeerLiveness;
import io.warden.actors.zab.ZabPacket;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One member of the ensemble: LOOKING (an {@link Election} child runs), then FOLLOWING, LEADING
 * or OBSERVING what the election decided. It is the peer's endpoint: everything other peers send
 * ({@link PeerMessage}) arrives here and goes to the current phase.
 *
 * <p>It runs the election, answers looking peers once settled ({@link Responder}, so a
 * restarted peer learns the leader), and keeps liveness by pings (a leader pings every member
 * each tick, a learner pings its leader; a learner that does not hear its leader within syncLimit
 * ticks, or a leader that does not hear a quorum of voters, goes back to LOOKING: ZooKeeper's
 * timeouts, counted by {@link PeerLiveness}). Once decided it starts the role's phase actor from
 * {@link Roles} (discovery, synchronization, broadcast, serving clients) and routes every other
 * packet and the replica log's output to it; the role ends when liveness fails (the peer stops
 * it) or when the role gives up (it stops itself), and the peer looks again. Without
 * {@link Roles} (election tests) a decided peer only records and reports its state.
 */
public final class QuorumPeer extends AbstractBehavior<QuorumPeer.Command> {

    public sealed interface Command permits PeerMessage, GetStatus, ElectionDone, Tick, LogOutput, PositionKnown,
            RoleEnded {
    }

    /** The replica log's output, for the role's phase actor. */
    public record LogOutput(io.warden.persistence.replica.ReplicaLog.Output output) implements Command {
    }

    record PositionKnown(LogPosition position, Throwable failure) implements Command {
    }

    record RoleEnded(ActorRef<RoleCommand> role) implements Command {
    }

    /** Asks for this peer's state (tests now, {@code srvr}/{@code mntr} later). */
    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    /**
     * @param leader        the sid this peer follows or observes, its own while leading, -1 while looking
     * @param electionEpoch the round that decided the leader; while looking, the last round this
     *                      process decided (0 before its first decision)
     */
    public record Status(long sid, PeerState state, long leader, long electionEpoch) {
    }

    record ElectionDone(Decided decision) implements Command {
    }

    enum Tick implements Command {
        INSTANCE
    }

    /**
     * How a peer runs. The tick paces the pings; initLimit and syncLimit, in ticks, bound the
     * silence a peer tolerates (before a first message, and between two).
     */
    public record Settings(Voters voters, Set<Long> observers, ElectionTiming electionTiming,
                           long tickMs, int initLimit, int syncLimit) {
        public Settings {
            Objects.requireNonNull(voters, "voters");
            observers = Set.copyOf(observers);
            Objects.requireNonNull(electionTiming, "electionTiming");
            if (tickMs < 1 || initLimit < 1 || syncLimit < 1) {
                throw new IllegalArgumentException("tickMs, initLimit and syncLimit must be positive");
            }
        }

        public static Settings of(Ensemble ensemble, Timing timing, ElectionTiming electionTiming) {
            Set<Long> voters = ensemble.participants().stream().map(QuorumServer::sid).collect(Collectors.toSet());
            Set<Long> observers = ensemble.observers().stream().map(QuorumServer::sid).collect(Collectors.toSet());
            return new Settings(new Voters(voters), observers, electionTiming, timing.tickTimeMs(), timing.initLimit(),
                    timing.syncLimit());
        }

        Set<Long> members() {
            Set<Long> all = new HashSet<>(voters.sids());
            all.addAll(observers);
            return all;
        }
    }

    /**
     * What this peer's vote is made of: its last logged zxid and currentEpoch. Fixed for now;
     * the replica log provides them once discovery and sync exist.
     */
    public record LogPosition(long lastLoggedZxid, long currentEpoch) {
    }

    private final Settings settings;
    /** Fixed for election-only peers; read from {@link Roles} before each election otherwise. */
    private LogPosition position;
    private final Roles roles;
    private ActorRef<RoleCommand> role;
    private final Peers peers;
    private final long mySid;
    private final TimerScheduler<Command> timers;
    private final ActorRef<Decided> decisions;

    private ActorRef<Election.Command> election;
    /** The decision followed while not looking; null while looking (see {@link #state()}). */
    private Decided decided;
    private long lastElectionEpoch;
    private PeerLiveness liveness;
    private long runs;

    private QuorumPeer(ActorContext<Command> context, TimerScheduler<Command> timers, Settings settings,
                       LogPosition position, Peers peers, Roles roles) {
        super(context);
        this.settings = settings;
        this.position = position;
        this.roles = roles;
        this.peers = peers;
        this.mySid = peers.mySid();
        this.timers = timers;
        this.decisions = context.messageAdapter(Decided.class, ElectionDone::new);
    }

    /** An election-only peer with a fixed position (election tests). */
    public static Behavior<Command> create(Settings settings, LogPosition position, Peers peers) {
        return create(settings, position, peers, null);
    }

    /** A full peer: its position comes from the log, and a decision starts the role from roles. */
    public static Behavior<Command> create(Settings settings, Peers peers, Roles roles) {
        return create(settings, null, peers, Objects.requireNonNull(roles, "roles"));
    }

    private static Behavior<Command> create(Settings settings, LogPosition position, Peers peers, Roles roles) {
        if (!settings.members().contains(peers.mySid())) {
            throw new IllegalArgumentException("sid " + peers.mySid() + " is not a member of the ensemble");
        }
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            QuorumPeer peer = new QuorumPeer(context, timers, settings, position, peers, roles);
            // fixed delay, not fixed rate: after a stall (GC, a starved CPU) a fixed-rate timer
            // fires the missed ticks in a burst, and a burst of silent ticks would give up on
            // peers whose pings were just as delayed
            timers.startTimerWithFixedDelay(Tick.INSTANCE, Tick.INSTANCE, Duration.ofMillis(settings.tickMs()));
            peer.look();
            return peer;
        }));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PeerMessage.Notify.class, m -> onNotification(m.notification()))
                .onMessage(PeerMessage.Zab.class, this::onZab)
                .onMessage(ElectionDone.class, d -> onDecided(d.decision()))
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(LogOutput.class, m -> {
                    if (role != null) {
                        role.tell(new RoleCommand.FromLog(m.output()));
                    }
                    return this;
                })
                .onMessage(PositionKnown.class, this::onPositionKnown)
                .onMessage(RoleEnded.class, this::onRoleEnded)
                .build();
    }

    /** LOOKING, or the role the followed decision gave this peer. */
    private PeerState state() {
        return decided == null ? PeerState.LOOKING : decided.role();
    }

    private void look() {
        decided = null;
        liveness = null;
        if (role != null) {
            getContext().stop(role);
            role = null;
        }
        if (roles == null) {
            startElection();
        } else {
            // the log changed while this peer had a role: the vote is made of what it holds now
            getContext().pipeToSelf(roles.position(), PositionKnown::new);
        }
    }

    private Behavior<Command> onPositionKnown(PositionKnown m) {
        if (m.failure() != null) {
            throw new IllegalStateException("cannot read this peer's log position", m.failure());
        }
        if (decided == null && election == null) {
            position = m.position();
            startElection();
        }
        return this;
    }

    private Behavior<Command> onRoleEnded(RoleEnded m) {
        if (m.role().equals(role)) {
            role = null;
            getContext().getLog().info("sid {} left its role as {}", mySid, state());
            look();
        }
        return this;
    }

    private void startElection() {
        Election.Start start = new Election.Start(position.lastLoggedZxid(), position.currentEpoch(), lastElectionEpoch);
        // a fresh name per run: the previous child may still be stopping
        runs++;
        election = getContext().spawn(Election.create(settings.voters(), settings.electionTiming(), peers, start,
                decisions), "election-" + runs);
        getContext().getLog().info("sid {} is LOOKING", mySid);
    }

    private Behavior<Command> onNotification(Notification n) {
        if (decided == null) {
            if (election != null) { // else the position is being read: the sender resends
                election.tell(new Election.Received(n));
            }
        } else {
            Responder.answer(mySid, decided.role(), decided.vote(), decided.electionEpoch(), settings.voters(), n)
                    .ifPresent(answer -> peers.send(n.sender(), new PeerMessage.Notify(answer)));
        }
        return this;
    }

    private Behavior<Command> onDecided(Decided d) {
        if (decided != null) {
            return this; // an election runs only while looking; nothing else decides
        }
        decided = d;
        lastElectionEpoch = d.electionEpoch();
        election = null;
        liveness = d.role() == PeerState.LEADING
                ? new PeerLiveness(followersOf(), settings.initLimit(), settings.syncLimit())
                : new PeerLiveness(List.of(d.vote().leader()), settings.initLimit(), settings.syncLimit());
        getContext().getLog().info("sid {} is {} (leader {}, round {})", mySid, d.role(), d.vote().leader(),
                d.electionEpoch());
        if (roles != null) {
            role = getContext().spawn(roles.start(d.role(), d.vote().leader(), peers, settings), "role-" + runs);
            getContext().watchWith(role, new RoleEnded(role));
        }
        return this;
    }

    private Set<Long> followersOf() {
        Set<Long> others = new HashSet<>(settings.voters().sids());
        others.remove(mySid);
        return others;
    }

    private Behavior<Command> onZab(PeerMessage.Zab m) {
        if (liveness == null) {
            return this; // looking: nothing from a leader or learner counts
        }
        boolean fromMyLeader = state() != PeerState.LEADING && m.from() == decided.vote().leader()
                && m.packet() instanceof ZabPacket.LeaderPing;
        boolean fromMyLearner = state() == PeerState.LEADING && m.packet() instanceof ZabPacket.LearnerPing;
        if (fromMyLeader || fromMyLearner) {
            liveness.heard(m.from());
        }
        boolean bareHeartbeat = m.packet() instanceof ZabPacket.LeaderPing
                || m.packet() instanceof ZabPacket.LearnerPing ping && ping.touchedSessions().isEmpty();
        if (role != null && !bareHeartbeat) {
            role.tell(new RoleCommand.FromPeer(m.from(), m.packet()));
        }
        return this;
    }

    private Behavior<Command> onTick() {
        if (liveness == null) {
            return this;
        }
        liveness.tick();
        if (state() == PeerState.LEADING) {
            Set<Long> inTouch = new HashSet<>(liveness.alive());
            inTouch.add(mySid);
            if (!settings.voters().isQuorum(inTouch)) {
                getContext().getLog().warn("sid {} stops leading: only {} kept in touch", mySid, inTouch);
                look();
                return this;
            }
            // nothing commits yet (no broadcast phase): the last logged zxid stands in
            peers.sendAll(peers.sids(), new PeerMessage.Zab(mySid, new ZabPacket.LeaderPing(position.lastLoggedZxid())));
        } else {
            long leader = decided.vote().leader();
            if (!liveness.isAlive(leader)) {
                getContext().getLog().warn("sid {} lost its leader {}", mySid, leader);
                look();
                return this;
            }
            peers.send(leader, new PeerMessage.Zab(mySid, new ZabPacket.LearnerPing(List.of())));
        }
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus get) {
        long leader = decided == null ? -1 : decided.vote().leader();
        get.replyTo().tell(new Status(mySid, state(), leader, lastElectionEpoch));
        return this;
    }
}
