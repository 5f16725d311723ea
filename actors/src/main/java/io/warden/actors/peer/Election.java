package io.warden.actors.peer;

import io.warden.actors.election.ElectionCore;
import io.warden.actors.election.ElectionEffect;
import io.warden.actors.election.ElectionEffect.ElectionTimer;
import io.warden.actors.election.ElectionTiming;
import io.warden.actors.election.Notification;
import io.warden.actors.election.PeerState;
import io.warden.actors.election.Responder;
import io.warden.actors.election.Voters;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One run of fast leader election: the actor shell of {@link ElectionCore}, a child of the
 * {@link QuorumPeer} while it is LOOKING. It sends the core's notifications to every voter over
 * {@link Peers}, arms and cancels the core's timers, feeds it the notifications the parent
 * forwards, answers them as ZooKeeper's receiver does ({@link Responder}: a non-voter or a peer in
 * an older round is told this peer's proposal), and reports the decision to its parent, then
 * stops. A new election is a new child.
 */
public final class Election extends AbstractBehavior<Election.Command> {

    public sealed interface Command {
    }

    /** A notification from a peer, forwarded by the parent. */
    public record Received(Notification notification) implements Command {
        public Received {
            Objects.requireNonNull(notification, "notification");
        }
    }

    private record Expired(ElectionTimer timer) implements Command {
    }

    /**
     * Where this peer's vote starts: the last zxid in its log, its currentEpoch, and the round
     * of the last election this process ran (0 after start-up).
     */
    public record Start(long lastLoggedZxid, long currentEpoch, long lastElectionEpoch) {
    }

    private final long mySid;
    private final Voters voters;
    private final Peers peers;
    private final ActorRef<ElectionEffect.Decided> reportTo;
    private final TimerScheduler<Command> timers;
    private final ElectionCore core;

    private Election(ActorContext<Command> context, TimerScheduler<Command> timers, Voters voters,
                     ElectionTiming timing, Peers peers, ActorRef<ElectionEffect.Decided> reportTo) {
        super(context);
        this.mySid = peers.mySid();
        this.voters = voters;
        this.peers = peers;
        this.reportTo = reportTo;
        this.timers = timers;
        this.core = new ElectionCore(mySid, voters, timing);
    }

    public static Behavior<Command> create(Voters voters, ElectionTiming timing, Peers peers, Start start,
                                           ActorRef<ElectionEffect.Decided> reportTo) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            Election election = new Election(context, timers, voters, timing, peers, reportTo);
            return election.carryOut(election.core.start(start.lastLoggedZxid(), start.currentEpoch(),
                    start.lastElectionEpoch()));
        }));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Received.class, this::onReceived)
                .onMessage(Expired.class, e -> carryOut(core.onTimer(e.timer())))
                .build();
    }

    private Behavior<Command> onReceived(Received received) {
        Notification n = received.notification();
        Responder.answer(mySid, PeerState.LOOKING, core.proposal(), core.logicalClock(), voters, n)
                .ifPresent(answer -> peers.send(n.sender(), new PeerMessage.Notify(answer)));
        return carryOut(core.onNotification(n));
    }

    /** Carries out the core's effects in order; after a decision the actor stops. */
    private Behavior<Command> carryOut(List<ElectionEffect> effects) {
        for (ElectionEffect effect : effects) {
            if (effect instanceof ElectionEffect.SendToVoters s) {
                peers.sendAll(voters.sids(), new PeerMessage.Notify(s.notification()));
            } else if (effect instanceof ElectionEffect.SendTo s) {
                peers.send(s.sid(), new PeerMessage.Notify(s.notification()));
            } else if (effect instanceof ElectionEffect.ArmTimer a) {
                // a timer of the same key replaces the earlier one, as the core expects
                timers.startSingleTimer(a.timer(), new Expired(a.timer()), Duration.ofMillis(a.delayMs()));
            } else if (effect instanceof ElectionEffect.CancelTimer c) {
                // Pekko drops a cancelled timer's message even if it was already queued
                timers.cancel(c.timer());
            } else if (effect instanceof ElectionEffect.Decided d) {
                getContext().getLog().debug("election decided: {} as {} in round {}", d.vote(), d.role(),
                        d.electionEpoch());
                reportTo.tell(d);
                return Behaviors.stopped();
            } else {
                throw new IllegalStateException("unknown election effect " + effect);
            }
        }
        return this;
    }
}
