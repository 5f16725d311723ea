package io.warden.persistence.replica;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;

import java.util.ArrayList;
import java.util.List;

/**
 * Retention: keeps the newest {@code snapRetainCount} snapshots and deletes the journal prefix
 * they make redundant, as ZooKeeper's autopurge does, when {@link #purge} is called (by
 * {@link Snapshotter}'s timer, every {@code autopurge.purgeInterval}; never when that is 0).
 *
 * <p>Why by hand: Pekko 1.x typed retention ({@code RetentionCriteria.snapshotEvery}) counts
 * events, while this log snapshots every snapCount committed txns (its events are batches of any
 * size) and purges on a timer. So it sends the journal and the snapshot store the same delete
 * requests Pekko's own retention sends. Order as in Pekko: events first, snapshots only after the
 * events are gone, so a failure never leaves events without the snapshot they replay onto.
 *
 * <p>Why its own list: snapshot points whose save failed (a full disk, EIO) must not count, or a
 * purge would delete the last good snapshots and the journal they need, leaving a single copy of
 * history. Retention counts only saves the store confirmed. Those of an earlier incarnation are
 * not known here, so after a restart nothing is purged until snapRetainCount new snapshots are
 * saved: extra files for a while, never too few.
 */
final class LogPruner {
    private final String persistenceId;
    private final int retain;
    private final ActorRef journal;
    private final ActorRef snapshotStore;
    private final ActorRef journalReplies;
    private final ActorRef storeReplies;
    /** Sequence numbers of the snapshots the store confirmed saved, oldest first; at most snapRetainCount. */
    private final List<Long> confirmed = new ArrayList<>();
    /** The journal is known deleted up to here (0: nothing yet): a purge with nothing new to do sends nothing. */
    private long deletedTo;

    LogPruner(String persistenceId, int retain, ActorRef journal, ActorRef snapshotStore, ActorRef journalReplies,
              ActorRef storeReplies) {
        this.persistenceId = persistenceId;
        this.retain = retain;
        this.journal = journal;
        this.snapshotStore = snapshotStore;
        this.journalReplies = journalReplies;
        this.storeReplies = storeReplies;
    }

    /** The store confirmed a snapshot at this sequence number. */
    void snapshotSaved(long seqNr) {
        if (!confirmed.isEmpty() && seqNr <= confirmed.get(confirmed.size() - 1)) {
            return; // a late or repeated confirmation changes nothing
        }
        confirmed.add(seqNr);
        while (confirmed.size() > retain) {
            confirmed.remove(0);
        }
    }

    /**
     * Once snapRetainCount confirmed snapshots exist, deletes the events up to the oldest of them
     * (its snapshot replaces them); the older snapshots follow when the journal confirms.
     */
    void purge() {
        if (confirmed.size() < retain || confirmed.get(0) <= deletedTo) {
            return;
        }
        journal.tell(new JournalProtocol.DeleteMessagesTo(persistenceId, confirmed.get(0), journalReplies),
                journalReplies);
    }

    /** Events up to toSequenceNr are gone: snapshots older than the oldest kept one are redundant. */
    void eventsDeleted(long toSequenceNr) {
        deletedTo = Math.max(deletedTo, toSequenceNr);
        SnapshotSelectionCriteria older = SnapshotSelectionCriteria.create(toSequenceNr - 1, Long.MAX_VALUE);
        snapshotStore.tell(new SnapshotProtocol.DeleteSnapshots(persistenceId, older), storeReplies);
    }
}
