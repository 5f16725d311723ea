package io.warden.persistence.replica;

import com.typesafe.config.ConfigFactory;
import io.warden.persistence.replica.ReplicaLog.Settings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.DeleteMessagesFailure;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.DeleteSnapshotsFailure;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SaveSnapshotFailure;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;

/**
 * Saves the replica log's snapshots off its write path, and runs autopurge.
 *
 * <p>Why not Pekko's own snapshotting: an {@code EventSourcedBehavior} that snapshots stashes every
 * command until the store has saved it, so with a large tree each snapshot paused the log's writes
 * (ADR 0009). ZooKeeper serialises its snapshot on a thread of its own while the log keeps
 * appending. The committed tree is persistent (ADR 0003), so the state of a snapshot point can be
 * written while later txns apply: the log hands that state here and carries on; this actor sends
 * it to the snapshot store, whose I/O runs on its own dispatcher. See ADR 0014.
 *
 * <p>Bounded: at most one save in flight. A point that comes while one runs replaces any point
 * already waiting (only the newest waits; ZooKeeper skips it); so at most two states are held.
 *
 * <p>Autopurge as ZooKeeper's {@code autopurge.purgeInterval}: every interval (never when it is
 * zero) the events up to the oldest of the newest {@code snapRetainCount} confirmed snapshots are
 * deleted, then the snapshots older than it. A snapshot counts only once the store confirmed it
 * (a failed save, full disk or EIO, never counts), see {@link LogPruner}.
 */
final class Snapshotter extends AbstractBehavior<Snapshotter.Command> {

    sealed interface Command {
    }

    /** The state at a snapshot point, after the event with this sequence number is durable. */
    record Take(ReplicaState state, long seqNr) implements Command {
    }

    /**
     * The log saved the snapshot of an install (ZAB SNAP) at this sequence number itself: it counts
     * for retention, and a point still waiting from before it is no longer worth saving.
     */
    record Installed(long seqNr) implements Command {
    }

    /** The timer's purge tick. */
    enum Purge implements Command {
        INSTANCE
    }

    private record StoreReply(SnapshotProtocol.Response response) implements Command {
    }

    private record JournalReply(JournalProtocol.Response response) implements Command {
    }

    private final String persistenceId;
    private final Settings settings;
    private final LogPruner pruner;
    private final org.apache.pekko.actor.ActorRef storeReplies;
    private Take inFlight;
    private Take waiting;

    static Behavior<Command> create(String persistenceId, Settings settings) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Snapshotter(ctx, timers, persistenceId,
                settings)));
    }

    private Snapshotter(ActorContext<Command> ctx, TimerScheduler<Command> timers, String persistenceId,
                        Settings settings) {
        super(ctx);
        this.persistenceId = persistenceId;
        this.settings = settings;
        ActorRef<SnapshotProtocol.Response> snapshots = ctx.messageAdapter(SnapshotProtocol.Response.class,
                StoreReply::new);
        ActorRef<JournalProtocol.Response> journal = ctx.messageAdapter(JournalProtocol.Response.class,
                JournalReply::new);
        this.storeReplies = Adapter.toClassic(snapshots);
        this.pruner = new LogPruner(persistenceId, settings.snapshots().snapRetainCount(), journalRef(),
                snapshotStore(), Adapter.toClassic(journal), storeReplies);
        if (settings.snapshots().purges()) {
            timers.startTimerWithFixedDelay(Purge.INSTANCE, settings.snapshots().purgeInterval());
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Take.class, this::onTake)
                .onMessage(Installed.class, this::onInstalled)
                .onMessage(StoreReply.class, r -> onStoreReply(r.response()))
                .onMessage(JournalReply.class, r -> onJournalReply(r.response()))
                .onMessageEquals(Purge.INSTANCE, this::onPurge)
                .build();
    }

    private Behavior<Command> onTake(Take take) {
        if (inFlight == null) {
            save(take);
        } else {
            if (waiting != null) {
                getContext().getLog().warn("a snapshot is still being saved: the snapshot point at sequence number {}"
                        + " is skipped for the newer one at {}", waiting.seqNr(), take.seqNr());
            }
            waiting = take;
        }
        return this;
    }

    private Behavior<Command> onInstalled(Installed installed) {
        pruner.snapshotSaved(installed.seqNr());
        if (waiting != null && waiting.seqNr() < installed.seqNr()) {
            waiting = null;
        }
        return this;
    }

    private void save(Take take) {
        inFlight = take;
        SnapshotMetadata metadata = SnapshotMetadata.apply(persistenceId, take.seqNr(), System.currentTimeMillis());
        snapshotStore().tell(new SnapshotProtocol.SaveSnapshot(metadata, new ReplicaSnapshot(take.state())),
                storeReplies);
    }

    private Behavior<Command> onStoreReply(SnapshotProtocol.Response response) {
        if (response instanceof SaveSnapshotSuccess saved) {
            pruner.snapshotSaved(saved.metadata().sequenceNr());
            next();
        } else if (response instanceof SaveSnapshotFailure failed) {
            getContext().getLog().warn("snapshot at sequence number {} failed; the next snapshot point tries again",
                    failed.metadata().sequenceNr(), failed.cause());
            next();
        } else if (response instanceof DeleteSnapshotsFailure failed) {
            getContext().getLog().warn("deleting old snapshots ({}) failed; the purge after the next snapshot retries",
                    failed.criteria(), failed.cause());
        }
        // DeleteSnapshotsSuccess: nothing to do
        return this;
    }

    private void next() {
        inFlight = null;
        if (waiting != null) {
            Take take = waiting;
            waiting = null;
            save(take);
        }
    }

    private Behavior<Command> onJournalReply(JournalProtocol.Response response) {
        if (response instanceof DeleteMessagesSuccess deleted) {
            pruner.eventsDeleted(deleted.toSequenceNr());
        } else if (response instanceof DeleteMessagesFailure failed) {
            getContext().getLog().warn("deleting journal events up to {} failed; the next purge retries",
                    failed.toSequenceNr(), failed.cause());
        }
        return this;
    }

    private Behavior<Command> onPurge() {
        pruner.purge();
        return this;
    }

    private org.apache.pekko.actor.ActorRef journalRef() {
        return Persistence.get(Adapter.toClassic(getContext().getSystem())).journalFor(settings.journalPluginId(),
                ConfigFactory.empty());
    }

    private org.apache.pekko.actor.ActorRef snapshotStore() {
        return Persistence.get(Adapter.toClassic(getContext().getSystem())).snapshotStoreFor(settings.snapshotPluginId(),
                ConfigFactory.empty());
    }
}
