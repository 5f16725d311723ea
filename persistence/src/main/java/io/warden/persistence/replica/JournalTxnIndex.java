package io.warden.persistence.replica;

import java.util.Arrays;

/**
 * Where in the journal to start reading the txns after a zxid: one entry per
 * {@code ProposalsLogged} event this incarnation saw (replayed or written), holding its sequence
 * number and the last logged zxid before it. The journal itself has no zxid index; ZooKeeper
 * finds the txn log file by the zxid in its name, this log by this table.
 *
 * <p>Entries are in sequence-number order and their {@code prevZxid} never decreases: a
 * truncation drops the entries whose txns it dropped, and what is logged after it builds on what
 * is left. A read after zxid Z starts at the newest entry whose prevZxid is at most Z, so every
 * txn after Z is in that event or later ones; a start that is too early only costs reading more.
 * That is why the table may be thinned: when full, every other entry goes (the first stays, the
 * earliest start), at most doubling what a read skips.
 *
 * <p>Bounded by {@code maxEntries}, pure and single-threaded (the log's event handler feeds it).
 * It knows nothing of retention: a read that starts at events the journal deleted meanwhile sees
 * the sequence numbers jump and answers "not available".
 */
final class JournalTxnIndex {
    /** Where a read starts: at this event, building on prevZxid. */
    record Start(long seqNr, long prevZxid) {
    }

    private final int maxEntries;
    private long[] seqNrs;
    private long[] prevZxids;
    private long[] firstZxids;
    private int size;

    JournalTxnIndex(int maxEntries) {
        if (maxEntries < 2) {
            throw new IllegalArgumentException("maxEntries must be at least 2: " + maxEntries);
        }
        this.maxEntries = maxEntries;
        int initial = Math.min(maxEntries, 64);
        seqNrs = new long[initial];
        prevZxids = new long[initial];
        firstZxids = new long[initial];
    }

    int size() {
        return size;
    }

    /** The event at seqNr logged txns from firstZxid on, after the log ended at prevZxid. */
    void logged(long seqNr, long prevZxid, long firstZxid) {
        if (size > 0 && (seqNr <= seqNrs[size - 1] || prevZxid < prevZxids[size - 1])) {
            throw new IllegalStateException("journal index out of order: event " + seqNr + " after " + seqNrs[size - 1]
                    + ", building on " + prevZxid + " after " + prevZxids[size - 1]);
        }
        if (size == maxEntries) {
            thin();
        }
        if (size == seqNrs.length) {
            int grown = Math.min(maxEntries, seqNrs.length * 2);
            seqNrs = Arrays.copyOf(seqNrs, grown);
            prevZxids = Arrays.copyOf(prevZxids, grown);
            firstZxids = Arrays.copyOf(firstZxids, grown);
        }
        seqNrs[size] = seqNr;
        prevZxids[size] = prevZxid;
        firstZxids[size] = firstZxid;
        size++;
    }

    /** The log was truncated to zxid: events whose txns all lie above it can no longer be a start. */
    void truncated(long zxid) {
        while (size > 0 && firstZxids[size - 1] > zxid) {
            size--;
        }
    }

    /** Forgets every entry: the history before now is no diff source (say, a snapshot replaced the state). */
    void clear() {
        size = 0;
    }

    /** The newest entry whose prevZxid is at most afterZxid, or null when none is (afterZxid too old). */
    Start startFor(long afterZxid) {
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (prevZxids[mid] <= afterZxid) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found < 0 ? null : new Start(seqNrs[found], prevZxids[found]);
    }

    /** Keeps entries 0, 2, 4 ...: half the table, the earliest start kept. */
    private void thin() {
        int kept = 0;
        for (int i = 0; i < size; i += 2) {
            seqNrs[kept] = seqNrs[i];
            prevZxids[kept] = prevZxids[i];
            firstZxids[kept] = firstZxids[i];
            kept++;
        }
        size = kept;
    }
}
