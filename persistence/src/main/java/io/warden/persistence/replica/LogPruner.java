package io.warden.persistence.replica;

import io.warden.persistence.replica.ReplicaLog.Settings;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.SnapshotMetadata;
import com.typesafe.config.ConfigFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Retention: keeps the newest {@code snapRetainCount} snapshots and deletes the journal prefix
 * they make redundant, as ZooKeeper's autopurge does.
 *
 * <p>Why by hand: Pekko 1.x typed retention ({@code RetentionCriteria.snapshotEvery}) counts
 * events, and snapshots triggered by {@code shouldSnapshot} delete nothing, while this log
 * snapshots every snapCount committed txns (its events are batches of any size). So the log
 * records each snapshot's sequence number in its state and, after a snapshot is saved, sends the
 * journal and the snapshot store the same delete requests Pekko's own retention sends, with the
 * event-sourced actor as the reply address (it turns the replies into the DeleteEventsCompleted
 * and DeleteSnapshotsCompleted signals). Order as in Pekko: events first, snapshots only after
 * the events are gone, so a failure never leaves events without the snapshot they replay onto.
 *
 * <p>Why its own list: the state's snapshot points include points whose save failed (a full
 * disk, EIO), and counting those would delete the last good snapshots and the journal they need,
 * leaving a single copy of history. Retention counts only saves the store confirmed. Those of an
 * earlier incarnation are not known here, so after a restart nothing is pruned until
 * snapRetainCount new snapshots are saved: extra files for a while, never too few.
 */
final class LogPruner {
    private final ActorContext<?> ctx;
    private final String persistenceId;
    private final Settings settings;
    /** Sequence numbers of the snapshots the store confirmed saved, oldest first; at most snapRetainCount. */
    private final List<Long> confirmed = new ArrayList<>();

    LogPruner(ActorContext<?> ctx, String persistenceId, Settings settings) {
        this.ctx = ctx;
        this.persistenceId = persistenceId;
        this.settings = settings;
    }

    /**
     * A snapshot is saved: once snapRetainCount confirmed snapshots exist, delete the events up to
     * the oldest of the newest snapRetainCount (its snapshot replaces them).
     */
    void snapshotSaved(SnapshotMetadata saved) {
        if (!confirmed.isEmpty() && saved.sequenceNr() <= confirmed.get(confirmed.size() - 1)) {
            return; // a late or repeated confirmation changes nothing
        }
        confirmed.add(saved.sequenceNr());
        int retain = settings.snapshots().snapRetainCount();
        if (confirmed.size() < retain) {
            return;
        }
        while (confirmed.size() > retain) {
            confirmed.remove(0);
        }
        long oldestKept = confirmed.get(0);
        journal().tell(new JournalProtocol.DeleteMessagesTo(persistenceId, oldestKept, self()), self());
    }

    /** Events up to toSequenceNr are gone: snapshots older than the oldest kept one are redundant. */
    void eventsDeleted(long toSequenceNr) {
        SnapshotSelectionCriteria older = SnapshotSelectionCriteria.create(toSequenceNr - 1, Long.MAX_VALUE);
        snapshotStore().tell(new SnapshotProtocol.DeleteSnapshots(persistenceId, older), self());
    }

    private org.apache.pekko.actor.ActorRef self() {
        return Adapter.toClassic(ctx.getSelf());
    }

    private org.apache.pekko.actor.ActorRef journal() {
        return Persistence.get(Adapter.toClassic(ctx.getSystem())).journalFor(settings.journalPluginId(),
                ConfigFactory.empty());
    }

    private org.apache.pekko.actor.ActorRef snapshotStore() {
        return Persistence.get(Adapter.toClassic(ctx.getSystem())).snapshotStoreFor(settings.snapshotPluginId(),
                ConfigFactory.empty());
    }
}
